namespace Vetting.Agent.Tests.Support;

/// <summary>Recorded and derived tool output under testdata/ (see testdata/README.md for which is which).</summary>
public static class Testdata
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", name));
}
