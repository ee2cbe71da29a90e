using System.Text.Json;
using Vetting.Server.Reports;

namespace Vetting.Server.Tests.Reports;

public sealed class RunReportJsonTests
{
    [Fact]
    public void Every_property_name_is_camel_case()
    {
        using var json = JsonDocument.Parse(ReportWriter.RenderJson(ReportSamples.HeldStorageFailure()));

        var names = PropertyNames(json.RootElement).ToList();

        Assert.Contains("schemaVersion", names);
        Assert.Contains("wolBroadcast", names);
        Assert.Contains("durationSeconds", names);
        Assert.Contains("definitionId", names);
        Assert.Contains("installedBytes", names);
        Assert.Contains("sshCommand", names);
        Assert.All(names, name => Assert.True(char.IsLower(name[0]), $"{name} is not camelCase"));
    }

    [Fact]
    public void Sections_have_the_contract_shape()
    {
        using var json = JsonDocument.Parse(ReportWriter.RenderJson(ReportSamples.HeldStorageFailure()));
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("failed", root.GetProperty("verdict").GetString());
        Assert.Equal(42, root.GetProperty("run").GetProperty("id").GetInt32());
        Assert.Equal("wipe-probe-refused", root.GetProperty("run").GetProperty("failure").GetProperty("reason").GetString());
        Assert.Equal("pve-node-03", root.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal(4, root.GetProperty("workflow").GetProperty("version").GetInt32());
        Assert.Equal(5, root.GetProperty("stages").GetArrayLength());
        Assert.Equal("bios.version", root.GetProperty("specDiffs")[0].GetProperty("path").GetString());
        Assert.Equal("nvme0n1", root.GetProperty("measurements")[5].GetProperty("device").GetString());
        Assert.Equal(245_118, root.GetProperty("artifacts")[2].GetProperty("sizeBytes").GetInt64());
        Assert.Equal("10.77.0.101", root.GetProperty("hold").GetProperty("ip").GetString());
        Assert.Equal(20, root.GetProperty("inventory").GetProperty("cpu").GetProperty("logicalCores").GetInt32());
        Assert.StartsWith("cpu:", root.GetProperty("expectedSpec").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Round_trips_without_loss()
    {
        var json = ReportWriter.RenderJson(ReportSamples.HeldStorageFailure());

        var read = JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunReport)!;

        Assert.Equal(json, ReportWriter.RenderJson(read));
        Assert.Equal(ReportSamples.HeldStorageFailure().Run, read.Run);
        Assert.Equal(ReportSamples.HeldStorageFailure().Host, read.Host);
    }

    [Fact]
    public void Unknown_values_are_written_as_null_not_left_out()
    {
        using var json = JsonDocument.Parse(ReportWriter.RenderJson(ReportSamples.CancelledInQueue()));
        var root = json.RootElement;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("inventory").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("hold").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("run").GetProperty("startedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("workflow").GetProperty("instanceId").ValueKind);
        Assert.Equal(0, root.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public void Timestamps_are_written_in_utc_with_z()
    {
        var report = ReportSamples.HeldStorageFailure() with { GeneratedAt = new DateTimeOffset(2026, 4, 18, 0, 30, 0, TimeSpan.FromHours(2)) };

        using var json = JsonDocument.Parse(ReportWriter.RenderJson(report));

        Assert.Equal("2026-04-17T22:30:00Z", json.RootElement.GetProperty("generatedAt").GetString());
        Assert.Equal("2026-04-17T21:02:11Z", json.RootElement.GetProperty("run").GetProperty("startedAt").GetString());
    }

    [Fact]
    public void A_non_finite_measurement_does_not_cost_the_whole_report()
    {
        var report = ReportSamples.CancelledInQueue() with
        {
            Measurements = [new ReportMeasurement { Stage = "cpu", Name = "ratio", Value = double.NaN, Unit = "x" }],
        };

        var read = JsonSerializer.Deserialize(ReportWriter.RenderJson(report), ReportJsonContext.Default.RunReport)!;

        Assert.True(double.IsNaN(read.Measurements[0].Value));
    }

    [Fact]
    public void A_report_without_a_required_section_is_refused_on_read()
    {
        var json = """{ "generatedAt": "2026-04-17T22:30:00Z", "verdict": "passed" }""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunReport));
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };
}
