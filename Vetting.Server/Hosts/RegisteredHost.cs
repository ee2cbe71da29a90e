namespace Vetting.Server.Hosts;

/// <summary>A node the operator registered. Deleting only hides it (<see cref="DeletedAt"/>): run history keeps pointing here.</summary>
public sealed class RegisteredHost
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Lower-case colon form.</summary>
    public string Mac { get; set; } = "";

    public string WolBroadcast { get; set; } = "";
    public string ExpectedSpec { get; set; } = "";

    /// <summary>The site (<c>site.name</c>) whose orchestrator wakes, boots and vets this host.</summary>
    public string Site { get; set; } = Configuration.SiteOptions.DefaultName;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}
