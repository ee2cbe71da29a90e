namespace Vetting.Protocol;

/// <summary>Values of <see cref="Instruction.Stage"/>, in pipeline order.</summary>
public static class StageNames
{
    public const string Inventory = "inventory";
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Storage = "storage";
    public const string Network = "network";

    public static IReadOnlyList<string> All { get; } = [Inventory, Cpu, Memory, Storage, Network];
}
