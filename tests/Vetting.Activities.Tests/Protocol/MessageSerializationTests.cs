using System.Text.Json;
using Vetting.Protocol;

namespace Vetting.Activities.Tests.Protocol;

public sealed class MessageSerializationTests
{
    private const string Hello = """
        { "agentVersion": "1.0.0", "bootId": "3b1f6c2e-5d0a-4c1e-9a7f-2f0e8d6b1c44", "hostname": "vetting-live",
          "ip": "10.77.0.101", "macs": ["52:54:00:12:34:56"], "kernel": "6.1.0-28-amd64" }
        """;

    [Fact]
    public void Hello_round_trips()
    {
        var hello = JsonSerializer.Deserialize(Hello, ProtocolJsonContext.Default.HelloRequest)!;

        Assert.Equal("10.77.0.101", hello.Ip);
        Assert.Equal(["52:54:00:12:34:56"], hello.Macs);
        ContractExampleTests.AssertJsonEqual(Hello, JsonSerializer.Serialize(hello, ProtocolJsonContext.Default.HelloRequest));
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var json = Hello.Replace("\"kernel\"", "\"future\": { \"nested\": [1, 2] }, \"uptimeSeconds\": 12, \"kernel\"", StringComparison.Ordinal);

        var hello = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.HelloRequest)!;

        Assert.Equal("6.1.0-28-amd64", hello.Kernel);
    }

    [Fact]
    public void Unknown_fields_in_an_inventory_are_ignored()
    {
        var json = """{ "cpu": { "logicalCores": 4, "microcode": "0xf0" }, "tpm": { "version": "2.0" } }""";

        var inventory = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Inventory)!;

        Assert.Equal(4, inventory.Cpu?.LogicalCores);
    }

    [Fact]
    public void A_missing_required_field_is_refused()
    {
        var json = Hello.Replace("\"bootId\": \"3b1f6c2e-5d0a-4c1e-9a7f-2f0e8d6b1c44\",", "", StringComparison.Ordinal);

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.HelloRequest));

        Assert.Contains("bootId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_in_a_required_field_is_refused()
    {
        var json = """{ "status": null, "summary": "x" }""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.StageResult));
    }

    [Fact]
    public void A_number_sent_as_a_string_is_refused()
    {
        var json = """{ "name": "seq_read", "value": "512.4", "unit": "MB/s" }""";
        var result = $$"""{ "status": "passed", "summary": "x", "measurements": [{{json}}] }""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(result, ProtocolJsonContext.Default.StageResult));
    }

    [Fact]
    public void Optional_fields_are_left_out_when_absent()
    {
        var hello = new HelloRequest { AgentVersion = "1", BootId = "b", Hostname = "h", Macs = [], Kernel = "k" };
        var heartbeat = new HeartbeatRequest();
        var result = new StageResult { Status = StageStatuses.Passed, Summary = "ok", Measurements = [new Measurement { Name = "max_temp", Value = 71, Unit = "C" }] };

        Assert.DoesNotContain("\"ip\"", JsonSerializer.Serialize(hello, ProtocolJsonContext.Default.HelloRequest), StringComparison.Ordinal);
        Assert.Equal("{}", JsonSerializer.Serialize(heartbeat, ProtocolJsonContext.Default.HeartbeatRequest));
        ContractExampleTests.AssertJsonEqual(
            """{ "status": "passed", "summary": "ok", "measurements": [ { "name": "max_temp", "value": 71, "unit": "C" } ], "artifacts": [] }""",
            JsonSerializer.Serialize(result, ProtocolJsonContext.Default.StageResult));
    }

    [Fact]
    public void Hold_instruction_carries_the_ssh_key()
    {
        var hold = new Instruction
        {
            InstructionId = "i-7",
            Kind = InstructionKinds.Hold,
            SshPublicKey = "ssh-ed25519 AAAAC3Nza vetting-run-7",
            Deadline = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero),
        };

        ContractExampleTests.AssertJsonEqual(
            """{ "instructionId": "i-7", "kind": "hold", "parameters": {}, "sshPublicKey": "ssh-ed25519 AAAAC3Nza vetting-run-7", "deadline": "2026-11-24T12:00:00Z" }""",
            JsonSerializer.Serialize(hold, ProtocolJsonContext.Default.Instruction));
    }

    [Fact]
    public void Hello_response_writes_server_time_in_utc()
    {
        var response = new HelloResponse { RunId = 42, HeartbeatSeconds = 15, ServerTime = new DateTimeOffset(2026, 11, 24, 10, 0, 0, 500, TimeSpan.Zero) };

        ContractExampleTests.AssertJsonEqual(
            """{ "runId": 42, "heartbeatSeconds": 15, "serverTime": "2026-11-24T10:00:00.5Z" }""",
            JsonSerializer.Serialize(response, ProtocolJsonContext.Default.HelloResponse));
    }
}
