using System.Globalization;
using Vetting.Workflows.Definitions;

namespace Vetting.Server.Designer;

/// <summary>
/// Elsa's <c>versionOptions</c> query value: <c>Latest</c>, <c>Published</c>, <c>LatestOrPublished</c>,
/// <c>LatestAndPublished</c>, <c>Draft</c>, <c>All</c>, or a version number (also written <c>SpecificVersion:3</c>).
/// Absent means <c>Latest</c>, as in Elsa.
/// </summary>
internal readonly record struct ElsaVersionOptions(string Kind, int Version = 0)
{
    public static readonly ElsaVersionOptions Latest = new("Latest");

    private static readonly string[] Kinds = ["Latest", "Published", "LatestOrPublished", "LatestAndPublished", "Draft", "All"];

    public static bool TryParse(string? text, out ElsaVersionOptions options, out string? problem)
    {
        problem = null;
        options = Latest;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        var value = text.Trim();
        if (value.StartsWith("SpecificVersion:", StringComparison.OrdinalIgnoreCase))
            value = value["SpecificVersion:".Length..];
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            options = new ElsaVersionOptions("SpecificVersion", version);
            return true;
        }

        // Elsa writes "all versions" as AllVersions; All is accepted too.
        if (value.Equals("AllVersions", StringComparison.OrdinalIgnoreCase))
            value = "All";
        var kind = Kinds.FirstOrDefault(k => k.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (kind is null)
        {
            problem = $"'{Http.SafeText.Excerpt(text, 40)}' is not a version option; use {string.Join(", ", Kinds)}, AllVersions or a version number";
            return false;
        }

        options = new ElsaVersionOptions(kind);
        return true;
    }

    public bool Matches(WorkflowDefinition d) => Kind switch
    {
        "Published" => d.IsPublished,
        "LatestOrPublished" => d.IsLatest || d.IsPublished,
        "LatestAndPublished" => d.IsLatest && d.IsPublished,
        "Draft" => !d.IsPublished,
        "All" => true,
        "SpecificVersion" => d.Version == Version,
        _ => d.IsLatest,
    };

    /// <summary>The one version of a definition these options pick (Elsa takes the highest match).</summary>
    public WorkflowDefinition? Pick(IEnumerable<WorkflowDefinition> versions) =>
        versions.Where(Matches).OrderByDescending(d => d.Version).FirstOrDefault();

    public override string ToString() => Kind == "SpecificVersion" ? Version.ToString(CultureInfo.InvariantCulture) : Kind;
}
