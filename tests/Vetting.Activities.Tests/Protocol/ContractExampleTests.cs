using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Protocol;

namespace Vetting.Activities.Tests.Protocol;

/// <summary>The JSON examples of agent-protocol.md, copied verbatim (ellipses in ids aside).</summary>
public sealed class ContractExampleTests
{
    private const string InstructionExample = """
        { "instructionId": "9f1c0b7e", "kind": "stage", "stage": "storage",
          "parameters": { "profile": "standard", "allowDestructive": false, "durationSeconds": 300 },
          "deadline": "2026-11-24T10:15:00Z" }
        """;

    private const string ResultExample = """
        { "status": "passed", "summary": "2 disks, SMART ok, read 512 MB/s",
          "measurements": [ { "name": "seq_read", "device": "nvme0n1", "value": 512.4, "unit": "MB/s" } ],
          "inventory": { },
          "failure": { "reason": "wipe-probe-refused", "message": "nvme0n1 has a GPT partition table" },
          "artifacts": [ "fio-nvme0n1.log" ] }
        """;

    [Fact]
    public void Instruction_example_reads_into_typed_fields()
    {
        var instruction = JsonSerializer.Deserialize(InstructionExample, ProtocolJsonContext.Default.Instruction)!;

        Assert.Equal("9f1c0b7e", instruction.InstructionId);
        Assert.Equal(InstructionKinds.Stage, instruction.Kind);
        Assert.Equal(StageNames.Storage, instruction.Stage);
        Assert.Equal("standard", (string?)instruction.Parameters[InstructionParameters.Profile]);
        Assert.False((bool?)instruction.Parameters[InstructionParameters.AllowDestructive]);
        Assert.Equal(300, (int?)instruction.Parameters[InstructionParameters.DurationSeconds]);
        Assert.Null(instruction.SshPublicKey);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 15, 0, TimeSpan.Zero), instruction.Deadline);
    }

    [Fact]
    public void Instruction_example_round_trips_to_the_same_json()
    {
        var instruction = JsonSerializer.Deserialize(InstructionExample, ProtocolJsonContext.Default.Instruction)!;

        var written = JsonSerializer.Serialize(instruction, ProtocolJsonContext.Default.Instruction);

        AssertJsonEqual(InstructionExample, written);
    }

    [Fact]
    public void Deadline_with_an_offset_is_written_back_in_utc()
    {
        var json = InstructionExample.Replace("2026-11-24T10:15:00Z", "2026-11-24T11:15:00+01:00", StringComparison.Ordinal);

        var instruction = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Instruction)!;

        Assert.Contains("\"deadline\":\"2026-11-24T10:15:00Z\"", JsonSerializer.Serialize(instruction, ProtocolJsonContext.Default.Instruction), StringComparison.Ordinal);
    }

    [Fact]
    public void Result_example_reads_into_typed_fields()
    {
        var result = JsonSerializer.Deserialize(ResultExample, ProtocolJsonContext.Default.StageResult)!;

        Assert.Equal(StageStatuses.Passed, result.Status);
        Assert.Equal("2 disks, SMART ok, read 512 MB/s", result.Summary);
        var measurement = Assert.Single(result.Measurements);
        Assert.Equal(new Measurement { Name = "seq_read", Device = "nvme0n1", Value = 512.4, Unit = "MB/s" }, measurement);
        Assert.NotNull(result.Inventory);
        Assert.Null(result.Inventory.Disks);
        Assert.Equal(new StageFailure { Reason = FailureReasons.WipeProbeRefused, Message = "nvme0n1 has a GPT partition table" }, result.Failure);
        Assert.Equal(["fio-nvme0n1.log"], result.Artifacts);
    }

    [Fact]
    public void Result_example_round_trips_with_the_empty_inventory_spelled_out_as_unknowns()
    {
        var result = JsonSerializer.Deserialize(ResultExample, ProtocolJsonContext.Default.StageResult)!;

        var written = JsonNode.Parse(JsonSerializer.Serialize(result, ProtocolJsonContext.Default.StageResult))!.AsObject();
        var expected = JsonNode.Parse(ResultExample)!.AsObject();

        var inventory = written["inventory"]!.AsObject();
        Assert.All(inventory, section => Assert.Null(section.Value));
        Assert.Equal(["system", "cpu", "memory", "disks", "nics", "pci", "gpus"], inventory.Select(section => section.Key));
        written.Remove("inventory");
        expected.Remove("inventory");
        Assert.True(JsonNode.DeepEquals(expected, written), written.ToJsonString());
    }

    [Fact]
    public void Inventory_example_round_trips_to_the_same_json_including_explicit_nulls()
    {
        var inventory = JsonSerializer.Deserialize(InventoryExamples.Contract, ProtocolJsonContext.Default.Inventory)!;

        var written = JsonSerializer.Serialize(inventory, ProtocolJsonContext.Default.Inventory);

        AssertJsonEqual(InventoryExamples.Contract, written);
        Assert.Contains("\"wwn\":null", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_example_reads_into_typed_fields()
    {
        var inventory = JsonSerializer.Deserialize(InventoryExamples.Contract, ProtocolJsonContext.Default.Inventory)!;

        Assert.Equal("X11SPi-TF", inventory.System?.Product);
        Assert.Equal("2021-03-05", inventory.System?.BiosDate);
        Assert.Equal(20, inventory.Cpu?.LogicalCores);
        Assert.Equal(68719476736, inventory.Memory?.InstalledBytes);
        Assert.Equal("DIMM_A1", Assert.Single(inventory.Memory!.Dimms!).Slot);
        var disk = Assert.Single(inventory.Disks!);
        Assert.Equal(1000204886016, disk.SizeBytes);
        Assert.Null(disk.Wwn);
        Assert.False(disk.Rotational);
        Assert.Equal(10000, Assert.Single(inventory.Nics!).SpeedMbps);
        Assert.Equal("0200", Assert.Single(inventory.Pci!).Class);
        Assert.Equal("Tesla T4", Assert.Single(inventory.Gpus!).Name);
    }

    internal static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");
}
