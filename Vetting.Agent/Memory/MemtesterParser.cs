using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Vetting.Agent.Memory;

/// <summary>
/// Parses memtester 4.x output. Its progress indicator rewrites the line with backspaces, so the text is first
/// rendered like a terminal would. Test results are found by test name because, with stdout and stderr captured
/// separately, a failing test's "FAILURE" text lands on stderr and its name line never gets an "ok".
/// </summary>
public static partial class MemtesterParser
{
    private static readonly string[] TestNames =
    [
        "Stuck Address", "Random Value", "Compare XOR", "Compare SUB", "Compare MUL", "Compare DIV", "Compare OR",
        "Compare AND", "Sequential Increment", "Solid Bits", "Block Sequential", "Checkerboard", "Bit Spread",
        "Bit Flip", "Walking Ones", "Walking Zeroes", "8-bit Writes", "16-bit Writes",
    ];

    public static MemtesterReport Parse(string? stdout, string? stderr)
    {
        var output = Render(stdout ?? "");
        var errors = Render(stderr ?? "");
        var failures = FailureLine().Matches(output + "\n" + errors).Select(m => m.Value.Trim()).ToList();

        var passed = 0;
        var notOk = new List<string>();
        foreach (Match test in TestResult().Matches(output))
        {
            if (test.Groups["ok"].Success)
            {
                passed++;
            }
            else
            {
                notOk.Add(test.Groups["name"].Value);
            }
        }

        var got = GotLine().Match(output);
        var setup = (output + "\n" + errors).Split('\n')
            .FirstOrDefault(line => line.Contains("failed to allocate", StringComparison.OrdinalIgnoreCase)
                                    || line.Contains("failed to lock", StringComparison.OrdinalIgnoreCase)
                                    || line.Contains("insufficient memory", StringComparison.OrdinalIgnoreCase));
        return new MemtesterReport
        {
            Failures = failures,
            TestsPassed = passed,
            TestsNotOk = notOk,
            TestedMb = got.Success ? long.Parse(got.Groups["mb"].Value, CultureInfo.InvariantCulture) : null,
            Completed = output.Split('\n').Any(line => line.Trim() == "Done."),
            SetupProblem = setup?.Trim(),
        };
    }

    /// <summary>Applies backspaces the way a terminal does, so "setting 1\b\b\b..ok" becomes the final "ok".</summary>
    public static string Render(string text)
    {
        var result = new StringBuilder(text.Length);
        var line = new StringBuilder();
        var column = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case '\b':
                    column = Math.Max(0, column - 1);
                    break;
                case '\r':
                    column = 0;
                    break;
                case '\n':
                    result.Append(line.ToString().TrimEnd()).Append('\n');
                    line.Clear();
                    column = 0;
                    break;
                default:
                    if (column < line.Length)
                    {
                        line[column] = c;
                    }
                    else
                    {
                        line.Append(c);
                    }

                    column++;
                    break;
            }
        }

        return result.Append(line.ToString().TrimEnd()).ToString();
    }

    [GeneratedRegex(@"FAILURE:[^\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex FailureLine();

    [GeneratedRegex(@"got\s+(?<mb>\d+)MB", RegexOptions.CultureInvariant)]
    private static partial Regex GotLine();

    [GeneratedRegex(@"(?<name>Stuck Address|Random Value|Compare XOR|Compare SUB|Compare MUL|Compare DIV|Compare OR|Compare AND|Sequential Increment|Solid Bits|Block Sequential|Checkerboard|Bit Spread|Bit Flip|Walking Ones|Walking Zeroes|8-bit Writes|16-bit Writes)\s*:\s*(?<ok>ok\b)?", RegexOptions.CultureInvariant)]
    private static partial Regex TestResult();

    /// <summary>Number of tests in one memtester loop.</summary>
    public static int TestsPerLoop => TestNames.Length;
}
