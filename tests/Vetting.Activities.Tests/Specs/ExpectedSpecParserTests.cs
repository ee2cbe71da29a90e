using Vetting.Activities.Specs;
using Vetting.Protocol;

namespace Vetting.Activities.Tests.Specs;

public sealed class ExpectedSpecParserTests
{
    [Fact]
    public void Contract_example_parses_into_checks_in_document_order()
    {
        var spec = ExpectedSpecParser.Parse(SpecExamples.Contract);

        Assert.Equal(
            [
                ("system.vendor", "Supermicro", SpecSeverity.Fail, 1),
                ("system.product", "X11SPi-*", SpecSeverity.Fail, 1),
                ("bios.vendor", "AMI", SpecSeverity.Fail, 2),
                ("bios.version", "3.4", SpecSeverity.Warn, 2),
                ("cpu.model", "*Silver 4210R*", SpecSeverity.Fail, 3),
                ("cpu.sockets", "1", SpecSeverity.Fail, 3),
                ("cpu.physical_cores", "10", SpecSeverity.Fail, 3),
                ("cpu.logical_cores", "20", SpecSeverity.Fail, 3),
                ("memory.total_gib", "64", SpecSeverity.Fail, 4),
                ("memory.dimm_count", "2", SpecSeverity.Fail, 4),
                ("memory.ecc", "true", SpecSeverity.Fail, 4),
                ("disks[0]", "count 2 of model Samsung SSD 970*, size_gb >= 900, rotational false", SpecSeverity.Fail, 6),
                ("disks[1]", "count 1 of serial ZL2ABC12", SpecSeverity.Fail, 7),
                ("nics[0]", "count 2 of speed_mbps >= 10000", SpecSeverity.Fail, 9),
                ("nics[1]", "count 1 of mac ac:1f:6b:00:00:01", SpecSeverity.Fail, 10),
                ("gpus[0]", "count 1 of vendor_id 10de, device_id 1eb8", SpecSeverity.Fail, 12),
            ],
            spec.Expectations.Select(check => (check.Path, check.Expected, check.Severity, check.Line)));
    }

    [Fact]
    public void Contract_example_exposes_thresholds_per_stage()
    {
        var spec = ExpectedSpecParser.Parse(SpecExamples.Contract);

        Assert.Equal([StageNames.Cpu, StageNames.Storage, StageNames.Network], spec.Thresholds.Keys);
        Assert.Equal(90, spec.ThresholdsFor(StageNames.Cpu)["max_temp_c"]);
        Assert.Equal(400, spec.ThresholdsFor(StageNames.Storage)["min_seq_read_mbps"]);
        Assert.Equal(80, spec.ThresholdsFor(StageNames.Network)["min_throughput_pct"]);
        Assert.Empty(spec.ThresholdsFor(StageNames.Memory));
    }

    [Fact]
    public void A_stored_spec_with_a_threshold_no_stage_reads_still_parses_with_the_name_reported_as_ignored()
    {
        const string stored = """
            cpu: { logical_cores: 2 }
            thresholds:
              memory: { max_edac_ce: 0 }
              storage: { min_seq_read_mbps: 400, max_latency_ms: 20 }
            """;

        Assert.Throws<SpecValidationException>(() => ExpectedSpecParser.Parse(stored));
        var spec = ExpectedSpecParser.Parse(stored, ignoreUnknownThresholds: true);

        Assert.Equal(new Dictionary<string, double> { ["min_seq_read_mbps"] = 400 }, spec.ThresholdsFor(StageNames.Storage));
        Assert.Empty(spec.ThresholdsFor(StageNames.Memory));
        Assert.Single(spec.Expectations);
        Assert.Equal(
            [
                new SpecDiff("thresholds.memory.max_edac_ce", "a threshold the memory stage reads (none)", "0 (ignored; edit the host's spec)", SpecSeverity.Warn),
                new SpecDiff("thresholds.storage.max_latency_ms", "a threshold the storage stage reads (min_seq_read_mbps)", "20 (ignored; edit the host's spec)", SpecSeverity.Warn),
            ],
            spec.Ignored);
        Assert.Empty(ExpectedSpecParser.Parse("thresholds: { cpu: { max_temp_c: 80 } }", ignoreUnknownThresholds: true).Ignored);
    }

    [Fact]
    public void Thresholds_take_every_name_an_agent_verdict_reads_with_any_number_form()
    {
        var spec = ExpectedSpecParser.Parse("""
            thresholds:
              cpu: { max_temp_c: 85.5 }
              memory: {}
              storage: { min_seq_read_mbps: 4e2 }
              network: { min_throughput_pct: 80, min_throughput_mbps: 900, min_link_speed_mbps: 10000 }
            """);

        Assert.Equal(85.5, spec.ThresholdsFor(StageNames.Cpu)["max_temp_c"]);
        Assert.Empty(spec.ThresholdsFor(StageNames.Memory));
        Assert.Equal(400, spec.ThresholdsFor(StageNames.Storage)["min_seq_read_mbps"]);
        Assert.Equal(new Dictionary<string, double> { ["min_throughput_pct"] = 80, ["min_throughput_mbps"] = 900, ["min_link_speed_mbps"] = 10000 }, spec.ThresholdsFor(StageNames.Network));
        Assert.Empty(spec.Expectations);
    }

    [Fact]
    public void Seed_example_parses()
    {
        var spec = ExpectedSpecParser.Parse(SpecExamples.Seed);

        Assert.Equal(["memory.total_gib", "cpu.logical_cores"], spec.Expectations.Select(check => check.Path));
        Assert.Empty(ExpectedSpecParser.Validate(SpecExamples.Seed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing checked yet\n")]
    [InlineData("~")]
    [InlineData("cpu:\nmemory: {}\ndisks:\nthresholds:\n")]
    public void Empty_documents_and_sections_check_nothing(string yaml)
    {
        var spec = ExpectedSpecParser.Parse(yaml);

        Assert.Empty(spec.Expectations);
        Assert.Empty(spec.Thresholds);
    }

    [Theory]
    [InlineData("system: { vendor: x }\ncpu:\n  logical_corez: 4\n", "line 3: cpu.logical_corez: unknown key")]
    [InlineData("cpu: { logical_cores: 4 }\nmemory: { total_gib: four }\n", "line 2: memory.total_gib: expected a number, got \"four\"")]
    [InlineData("cpus: { logical_cores: 4 }\n", "line 1: cpus: unknown key")]
    [InlineData("cpu: 4\n", "line 1: cpu: expected a mapping, got \"4\"")]
    [InlineData("memory:\n  total_gib:\n", "line 2: memory.total_gib: expected a number, got nothing")]
    [InlineData("cpu: { sockets: 1.5 }\n", "line 1: cpu.sockets: expected a whole number, got \"1.5\"")]
    [InlineData("cpu: { logical_cores: [4] }\n", "line 1: cpu.logical_cores: expected a whole number, got a list")]
    [InlineData("memory:\n  ecc: yes\n", "line 2: memory.ecc: expected true or false, got \"yes\"")]
    [InlineData("cpu: { flags: vmx }\n", "line 1: cpu.flags: expected a list of flags, got \"vmx\"")]
    [InlineData("cpu:\n  flags:\n    - vmx\n    - { name: aes }\n", "line 4: cpu.flags[1]: expected a flag name, got a mapping")]
    [InlineData("bios: { version: { equals: '3.4', severity: loud } }\n", "line 1: bios.version.severity: expected warn or fail, got \"loud\"")]
    [InlineData("bios: { version: { severity: warn } }\n", "line 1: bios.version: expected equals")]
    [InlineData("cpu: { sockets: { severity: warn } }\n", "line 1: cpu.sockets: expected equals, min or max")]
    [InlineData("cpu: { sockets: { equals: 1, min: 1 } }\n", "line 1: cpu.sockets: use either equals or min/max, not both")]
    [InlineData("cpu: { model: { min: 3 } }\n", "line 1: cpu.model.min: unknown key")]
    [InlineData("cpu: { sockets: { at_least: 1 } }\n", "line 1: cpu.sockets.at_least: unknown key")]
    [InlineData("disks:\n  - size_gb: { min: 1000, max: 900 }\n", "line 2: disks[0].size_gb: min is greater than max")]
    [InlineData("disks: { model: x }\n", "line 1: disks: expected a list, got a mapping")]
    [InlineData("disks:\n  - sda\n", "line 2: disks[0]: expected a mapping, got \"sda\"")]
    [InlineData("disks:\n  - { model: x }\n  - { name: sda }\n", "line 3: disks[1].name: unknown key")]
    [InlineData("disks:\n  - model: { equals: x, severity: warn }\n", "line 2: disks[0].model.severity: severity applies to the whole entry: set it next to count")]
    [InlineData("disks:\n  - { model: x, severity: never }\n", "line 2: disks[0].severity: expected warn or fail, got \"never\"")]
    [InlineData("gpus:\n  - count: -1\n", "line 2: gpus[0].count: expected a whole number, got \"-1\"")]
    [InlineData("nics:\n  - mac: ac:1f:6b\n", "line 2: nics[0].mac: expected a MAC address, got \"ac:1f:6b\"")]
    [InlineData("thresholds:\n  inventory: { x: 1 }\n", "line 2: thresholds.inventory: unknown key")]
    [InlineData("thresholds:\n  cpu: { maxTemp: 90 }\n", "line 2: thresholds.cpu.maxTemp: unknown threshold (the cpu stage takes max_temp_c)")]
    [InlineData("thresholds:\n  storage:\n    min_seq_read_mbs: 400\n", "line 3: thresholds.storage.min_seq_read_mbs: unknown threshold (the storage stage takes min_seq_read_mbps)")]
    [InlineData("thresholds:\n  network: { min_throughput: 80 }\n", "line 2: thresholds.network.min_throughput: unknown threshold (the network stage takes min_throughput_pct, min_throughput_mbps, min_link_speed_mbps)")]
    [InlineData("thresholds:\n  memory: { max_errors: 0 }\n", "line 2: thresholds.memory.max_errors: unknown threshold: the memory stage takes none")]
    [InlineData("thresholds:\n  storage:\n    min_seq_read_mbps: fast\n", "line 3: thresholds.storage.min_seq_read_mbps: expected a number, got \"fast\"")]
    [InlineData("thresholds:\n  network: 80\n", "line 2: thresholds.network: expected a mapping, got \"80\"")]
    [InlineData("just text\n", "line 1: expected a mapping of sections (system, cpu, memory, disks, ...), got \"just text\"")]
    [InlineData("cpu: {}\n---\nmemory: {}\n", "line 3: expected a single YAML document")]
    public void Each_error_names_the_line_and_the_key(string yaml, string expected)
    {
        var error = Assert.Single(ExpectedSpecParser.Validate(yaml));

        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void An_invalid_regex_is_refused_with_the_reason()
    {
        var error = Assert.Single(ExpectedSpecParser.Validate("cpu:\n  model: /Xeon(/\n"));

        Assert.Equal(2, error.Line);
        Assert.Equal("cpu.model", error.Path);
        Assert.StartsWith("invalid regular expression: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu: { logical_cores: 4\nmemory: {}\n", 2)]
    [InlineData("cpu:\n  model: \"Xeon\n", 2)]
    [InlineData("cpu: {}\ncpu: {}\n", 2)]
    [InlineData("cpu:\n  sockets: 1\n model: x\n", 3)]
    public void Yaml_syntax_errors_name_the_line(string yaml, int line)
    {
        var error = Assert.Single(ExpectedSpecParser.Validate(yaml));

        Assert.Equal(line, error.Line);
        Assert.Equal("", error.Path);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_are_reported_at_once_in_document_order()
    {
        const string yaml = """
            cpu: { logical_cores: four, sockts: 1 }
            memory: { total_gib: 4 }
            disks:
              - { modle: "Samsung*" }
            """;

        var errors = ExpectedSpecParser.Validate(yaml);

        Assert.Equal(
            [
                "line 1: cpu.logical_cores: expected a whole number, got \"four\"",
                "line 1: cpu.sockts: unknown key",
                "line 4: disks[0].modle: unknown key",
            ],
            errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Parse_throws_with_every_error_in_the_message()
    {
        var exception = Assert.Throws<SpecValidationException>(() => ExpectedSpecParser.Parse("cpu: { logical_corez: 4 }\nmemory: { ecc: maybe }\n"));

        Assert.Equal(2, exception.Errors.Count);
        Assert.Equal(
            "line 1: cpu.logical_corez: unknown key" + Environment.NewLine + "line 2: memory.ecc: expected true or false, got \"maybe\"",
            exception.Message);
    }
}
