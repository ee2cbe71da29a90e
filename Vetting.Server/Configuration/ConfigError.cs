using System.Globalization;

namespace Vetting.Server.Configuration;

/// <summary>One problem in the configuration, located so the operator can go straight to it.</summary>
/// <param name="Source">The config file as named on the command line, or what stood in for it.</param>
/// <param name="Line">1-based line in <paramref name="Source"/>; null when the problem is not in the file.</param>
/// <param name="Key">Full YAML key, e.g. <c>runs.boot_timeout</c> or <c>notifiers[0].url</c>; empty for YAML syntax errors.</param>
public sealed record ConfigError(string Source, int? Line, string Key, string Problem)
{
    /// <summary><c>vetting.yaml line 7: runs.boot_timeout: "ten" is not a duration (use 30s, 10m, 2h)</c></summary>
    public override string ToString()
    {
        var where = Line is { } line ? string.Format(CultureInfo.InvariantCulture, "{0} line {1}", Source, line) : Source;
        return Key.Length == 0 ? $"{where}: {Problem}" : $"{where}: {Key}: {Problem}";
    }
}
