namespace Vetting.Agent.Stages;

/// <summary>Raw tool output to upload as <c>PUT artifacts/{name}</c> before the result.</summary>
public sealed record StageArtifact(string Name, ReadOnlyMemory<byte> Content)
{
    public static StageArtifact Text(string name, string text) => new(name, System.Text.Encoding.UTF8.GetBytes(text));
}
