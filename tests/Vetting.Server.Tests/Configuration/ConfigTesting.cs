using Vetting.Server.Configuration;

namespace Vetting.Server.Tests.Configuration;

/// <summary>Loading helpers that pin down the environment, so no test depends on where it runs.</summary>
internal static class ConfigTesting
{
    public const string Source = "vetting.yaml";

    /// <summary>Run from a checkout: not the installed binary.</summary>
    public static ConfigEnvironment Local(string currentDirectory = "/home/dev/vetting") =>
        new("/home/dev/vetting/Vetting.Server/bin/Debug/net10.0/vetting", currentDirectory);

    public static ConfigEnvironment Installed { get; } = new(ConfigEnvironment.InstalledBinary, "/");

    public static VettingConfig Load(string yaml) => VettingConfigLoader.LoadFromYaml(yaml, Source, Local());

    /// <summary>The full message of the refusal, one line per problem.</summary>
    public static string Refusal(string yaml) => Assert.Throws<ConfigException>(() => Load(yaml)).Message;

    public static string ExampleFile => Path.Combine(AppContext.BaseDirectory, "testdata", "vetting.example.yaml");
}

/// <summary>A scratch folder removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("vetting-config-").FullName;
    }

    public string Path { get; }

    public string Write(string relativePath, string text)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
