namespace Vetting.Server.Configuration;

/// <summary>The whole orchestrator configuration: one <c>vetting.yaml</c>, read once at start-up.</summary>
public sealed class VettingConfig
{
    /// <summary>The file the values came from; null when no file was found and only defaults apply.</summary>
    public string? ConfigFile { get; init; }

    public ServerOptions Server { get; init; } = new();
    public PathOptions Paths { get; init; } = new();
    public DatabaseOptions Database { get; init; } = new();
    public SiteOptions Site { get; init; } = new();
    public DesignerOptions Designer { get; init; } = new();
    public WolOptions Wol { get; init; } = new();
    public RunOptions Runs { get; init; } = new();
    public AgentOptions Agent { get; init; } = new();
    public ArtifactOptions Artifacts { get; init; } = new();
    public LogOptions Logs { get; init; } = new();
    public PxeOptions Pxe { get; init; } = new();
    public NetworkTestOptions NetworkTest { get; init; } = new();
    public List<NotifierOptions> Notifiers { get; init; } = [];
}
