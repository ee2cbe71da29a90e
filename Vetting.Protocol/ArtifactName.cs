using System.Text.RegularExpressions;

namespace Vetting.Protocol;

/// <summary>
/// The rule for artifact names: the server stores them as file names under the run's directory, so a
/// name must not be able to climb out of it or hide as a dot-file.
/// </summary>
public static partial class ArtifactName
{
    /// <summary>The contract's pattern, for documentation and for clients in other languages.</summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";

    public static bool IsValid(string? name) => name is not null && Validator().IsMatch(name);

    // \z instead of the contract's $: in .NET, $ also matches before a final "\n", which would let
    // "report.html\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Validator();
}
