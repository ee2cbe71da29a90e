using System.Text;
using System.Text.RegularExpressions;

namespace Vetting.Activities.Specs;

/// <summary>
/// A string written as a glob (<c>*</c>, <c>?</c>, case-insensitive; no wildcard means equal ignoring case)
/// or as <c>/regex/</c> (case-sensitive, unanchored: write ^ and $ to anchor).
/// </summary>
internal sealed class TextMatcher : Matcher
{
    // The spec is operator input: a pathological pattern must not hang the comparison.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _pattern;
    private readonly Func<string, string> _normalizeActual;

    private TextMatcher(string expected, Regex pattern, Func<string, string>? normalizeActual)
    {
        Expected = expected;
        _pattern = pattern;
        _normalizeActual = normalizeActual ?? (static text => text);
    }

    public override string Expected { get; }

    public static bool IsRegex(string text) => text.Length >= 2 && text[0] == '/' && text[^1] == '/';

    public static bool IsGlob(string text) => text.Contains('*', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal);

    /// <exception cref="ArgumentException">A <c>/regex/</c> that does not compile.</exception>
    public static TextMatcher Create(string written, Func<string, string>? normalizeActual = null) =>
        new(written, IsRegex(written) ? new Regex(written[1..^1], RegexOptions.CultureInvariant, MatchTimeout) : Glob(written), normalizeActual);

    public override bool Matches(object? actual)
    {
        if (actual is not string text)
        {
            return false;
        }

        try
        {
            return _pattern.IsMatch(_normalizeActual(text));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Glob(string glob)
    {
        var regex = new StringBuilder("^");
        foreach (var c in glob)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        regex.Append(@"\z");
        return new Regex(regex.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, MatchTimeout);
    }
}
