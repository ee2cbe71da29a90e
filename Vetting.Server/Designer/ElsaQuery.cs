using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Vetting.Server.Http;

namespace Vetting.Server.Designer;

/// <summary>Elsa's query-string conventions: 0-based <c>page</c> with <c>pageSize</c>, lists as repeated or comma-separated values.</summary>
internal static class ElsaQuery
{
    public const int MaxPageSize = 1000;

    public readonly record struct Paging(int Skip, int Take, ProblemHttpResult? Problem);

    public static Paging Page(IQueryCollection query) => Page(query["page"].ToString(), query["pageSize"].ToString());

    public static Paging Page(string? page, string? pageSize)
    {
        int? number = null, size = null;
        if (!string.IsNullOrEmpty(page))
        {
            if (!int.TryParse(page, out var p) || p < 0)
                return new Paging(0, 0, Problems.Field("page", $"'{SafeText.Excerpt(page, 20)}' is not a page number (0 is the first page)"));
            number = p;
        }

        if (!string.IsNullOrEmpty(pageSize))
        {
            if (!int.TryParse(pageSize, out var s) || s < 1 || s > MaxPageSize)
                return new Paging(0, 0, Problems.Field("pageSize", $"'{SafeText.Excerpt(pageSize, 20)}' is not a page size from 1 to {MaxPageSize}"));
            size = s;
        }

        // Without a page size Elsa returns everything.
        if (size is not { } take)
            return new Paging(0, int.MaxValue, null);
        // Past the last possible page: nothing, never a wrapped-around first page.
        return new Paging((int)Math.Min((long)(number ?? 0) * take, int.MaxValue), take, null);
    }

    public static HashSet<string> List(IQueryCollection query, string name) =>
        [.. query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];


    /// <summary>A JSON string or number as text; anything else is null.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        }
        : null;

    /// <summary>A JSON array of strings, or one string, as strings.</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(Text).OfType<string>(),
        JsonValue => Text(node) is { } one ? [one] : [],
        _ => [],
    };
}
