using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vetting.Server.Cli;

/// <summary>What the commands print: aligned tables for people, the server's JSON with <c>--json</c>.</summary>
public static class CliOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The server's answer with <c>--json</c>, else a one-line summary.</summary>
    public static void Print(System.CommandLine.ParseResult result, JsonNode? node, string summary)
    {
        if (result.GetValue(VettingCli.Json))
        {
            Json(node);
        }
        else
        {
            Console.Out.WriteLine(summary);
        }
    }

    /// <summary>The server's answer with <c>--json</c>, else what <paramref name="human"/> prints; exit code 0.</summary>
    public static int Show(System.CommandLine.ParseResult result, JsonNode? node, Action human)
    {
        if (result.GetValue(VettingCli.Json))
        {
            Json(node);
        }
        else
        {
            human();
        }

        return CliExit.Ok;
    }

    public static void Json(JsonNode? node) => Console.Out.WriteLine(node?.ToJsonString(Indented) ?? "null");

    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => Clean(c ?? "-")).ToList()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToList();
        Console.Out.WriteLine(Line(headers, widths));
        foreach (var row in all)
        {
            Console.Out.WriteLine(Line(row, widths));
        }
    }

    public static void Fields(IEnumerable<(string Name, string? Value)> fields)
    {
        var list = fields.ToList();
        var width = list.Max(f => f.Name.Length);
        foreach (var (name, value) in list)
        {
            Console.Out.WriteLine($"{name.PadRight(width)}  {Clean(value ?? "-")}");
        }
    }

    public static string? Text(JsonNode? node, string property) => node?[property] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };

    /// <summary>A timestamp in the local zone, to the second.</summary>
    public static string? Time(JsonNode? node, string property) =>
        Text(node, property) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : null;

    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.Seconds}s";

    /// <summary>Text from the server may come from the node under test: no control characters reach the terminal.</summary>
    private static string Clean(string text) => new(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    private static string Line(IReadOnlyList<string> cells, List<int> widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
