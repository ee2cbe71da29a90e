namespace Vetting.Server.Pxe;

/// <summary>The run a MAC's iPXE script boots into: what the agent needs on its kernel command line.</summary>
public sealed record PxeBootTarget(int RunId, string Token);
