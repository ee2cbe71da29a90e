using System.Reflection;

namespace Vetting.Agent;

public static class AgentVersion
{
    /// <summary>"0.1.0+1b44478a": the SDK appends the full commit hash; eight digits identify a build well enough.</summary>
    public static string Current { get; } = Shorten(
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    private static string Shorten(string version)
    {
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && version.Length > plus + 9 ? version[..(plus + 9)] : version;
    }
}
