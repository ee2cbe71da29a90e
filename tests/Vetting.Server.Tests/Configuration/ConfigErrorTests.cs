namespace Vetting.Server.Tests.Configuration;

/// <summary>Every refusal names the file, the line and the full key, so the operator can go straight to it.</summary>
public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("runs:\n  max_concurent: 4", "vetting.yaml line 2: runs.max_concurent: unknown key (did you mean runs.max_concurrent?)")]
    [InlineData("pxe:\n  dhcp-range: x", "vetting.yaml line 2: pxe.dhcp-range: unknown key (did you mean pxe.dhcp_range?)")]
    [InlineData("srever:\n  bind: x", "vetting.yaml line 1: srever: unknown key (did you mean server?)")]
    [InlineData("runs:\n  heartbeat_seconds: 5", "vetting.yaml line 2: runs.heartbeat_seconds: unknown key (did you mean agent.heartbeat_seconds?)")]
    [InlineData("max_concurrent: 4", "vetting.yaml line 1: max_concurrent: unknown key (did you mean runs.max_concurrent?)")]
    [InlineData("server.bind: 0.0.0.0:80", "vetting.yaml line 1: server.bind: unknown key (write it nested: server: then bind: indented below it)")]
    [InlineData("server:\n  colour: blue", "vetting.yaml line 2: server.colour: unknown key")]
    public void Unknown_keys_are_named_with_a_suggestion(string yaml, string message)
    {
        Assert.Equal(message, ConfigTesting.Refusal(yaml));
    }

    [Theory]
    [InlineData("runs:\n  max_concurrent: 2\n  boot_timeout: ten", "line 3: runs.boot_timeout: \"ten\" is not a duration (use 30s, 10m, 2h)")]
    [InlineData("runs:\n  hello_timeout: 10", "line 2: runs.hello_timeout: \"10\" needs a unit (use 30s, 10m, 2h)")]
    [InlineData("runs:\n  hello_timeout: 0s", "line 2: runs.hello_timeout: must be longer than 0, got 0s")]
    [InlineData("runs:\n  max_concurrent: many", "line 2: runs.max_concurrent: \"many\" is not a whole number")]
    [InlineData("runs:\n  max_concurrent: 2.5", "line 2: runs.max_concurrent: \"2.5\" is not a whole number")]
    [InlineData("runs:\n  max_concurrent: 0", "line 2: runs.max_concurrent: must be at least 1, got 0")]
    [InlineData("wol:\n  port: 70000", "line 2: wol.port: must be 1-65535, got 70000")]
    [InlineData("network_test: { iperf3_port: 0 }", "line 1: network_test.iperf3_port: must be 1-65535, got 0")]
    [InlineData("agent:\n  heartbeat_seconds: 301", "line 2: agent.heartbeat_seconds: must be 1-300, got 301")]
    [InlineData("artifacts:\n  retention_days: 0", "line 2: artifacts.retention_days: must be at least 1, got 0")]
    [InlineData("artifacts:\n  max_upload_mb: -5", "line 2: artifacts.max_upload_mb: must be at least 1, got -5")]
    [InlineData("logs:\n  retention_days: 0", "line 2: logs.retention_days: must be at least 1, got 0")]
    [InlineData("pxe:\n  enabled: yes", "line 2: pxe.enabled: \"yes\" is not true or false")]
    [InlineData("pxe:\n  mode: relay", "line 2: pxe.mode: must be dhcp or proxy, got \"relay\"")]
    [InlineData("designer:\n  mode: view", "line 2: designer.mode: must be edit or readonly, got \"view\"")]
    [InlineData("pxe:\n  interface: my bridge", "line 2: pxe.interface: \"my bridge\" is not an interface name (e.g. br-vetting, eth0)")]
    [InlineData("database:\n  provider: mysql", "line 2: database.provider: must be sqlite or postgres, got \"mysql\"")]
    [InlineData("server:\n  allowed_hosts: vetting.lan", "line 2: server.allowed_hosts: expected a list (e.g. [a, b]), got \"vetting.lan\"")]
    [InlineData("server:\n  allowed_hosts:\n    - vetting.lan\n    - http://vetting.lan:8080", "line 4: server.allowed_hosts: \"http://vetting.lan:8080\" is not a host name; leave out the scheme and port (e.g. vetting.lan)")]
    [InlineData("server:\n  bind: [a, b]", "line 2: server.bind: expected a single value, got a list")]
    [InlineData("runs: 8", "line 1: runs: expected a mapping of keys, got \"8\"")]
    [InlineData("- server", "line 1: expected a mapping of sections (server, paths, runs, ...), got a list")]
    [InlineData("paths:\n  data_dir: ~/vetting", "line 2: paths.data_dir: \"~/vetting\": ~ is not expanded here; write the full path")]
    public void Bad_values_are_named_with_key_and_line(string yaml, string message)
    {
        Assert.Equal("vetting.yaml " + message, ConfigTesting.Refusal(yaml));
    }

    [Theory]
    [InlineData("8080", "\"8080\" is not host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::]:8080)")]
    [InlineData("0.0.0.0:http", "\"0.0.0.0:http\" is not host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::]:8080): the port must be 1-65535")]
    [InlineData("0.0.0.0:0", "\"0.0.0.0:0\" is not host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::]:8080): the port must be 1-65535")]
    [InlineData("::1:8080", "\"::1:8080\" is not host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::]:8080): \"::1\" is not a host")]
    [InlineData("300.1.1.1:8080", "\"300.1.1.1:8080\" is not host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::]:8080): \"300.1.1.1\" is not a host")]
    public void Bind_must_be_host_and_port(string bind, string problem)
    {
        Assert.Equal($"vetting.yaml line 2: server.bind: {problem}", ConfigTesting.Refusal($"server:\n  bind: '{bind}'"));
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("0.0.0.0:80")]
    [InlineData("[::]:8080")]
    [InlineData("*:8080")]
    [InlineData("vetting.lan:8080")]
    public void Bind_takes_addresses_names_and_wildcards(string bind)
    {
        Assert.Equal(bind, ConfigTesting.Load($"server:\n  bind: '{bind}'").Server.Bind);
    }

    [Theory]
    [InlineData("vetting.lan:8080")]
    [InlineData("ftp://vetting.lan")]
    [InlineData("/vetting")]
    public void Public_url_must_be_an_absolute_http_url(string url)
    {
        Assert.Equal(
            $"vetting.yaml line 1: server.public_url: \"{url}\" is not an absolute http(s) URL (e.g. http://vetting.lan:8080)",
            ConfigTesting.Refusal($"server: {{ public_url: '{url}' }}"));
    }

    [Fact]
    public void Public_url_loses_a_trailing_slash_so_links_join_cleanly()
    {
        Assert.Equal("https://vetting.lan", ConfigTesting.Load("server: { public_url: 'https://vetting.lan/' }").Server.PublicUrl);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_file_order()
    {
        var message = ConfigTesting.Refusal("""
            server:
              bind: nowhere
            runs:
              max_concurrent: 0
              boot_timeout: soon
            extra: 1
            """);

        Assert.Equal(
            [
                "vetting.yaml line 2: server.bind: \"nowhere\" is not host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080, [::]:8080)",
                "vetting.yaml line 4: runs.max_concurrent: must be at least 1, got 0",
                "vetting.yaml line 5: runs.boot_timeout: \"soon\" is not a duration (use 30s, 10m, 2h)",
                "vetting.yaml line 6: extra: unknown key",
            ],
            message.Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("server:\n  bind: 'open\n", 2)]
    [InlineData("server:\n  bind: a\n  bind: b\n", 3)]
    [InlineData("runs: { max_concurrent: 2\n", 2)]
    [InlineData("server: {}\n---\nruns: {}\n", 3)]
    public void Invalid_yaml_names_the_line(string yaml, int line)
    {
        var message = ConfigTesting.Refusal(yaml);

        Assert.StartsWith($"vetting.yaml line {line}: invalid YAML: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lost_after_must_cover_two_heartbeats()
    {
        Assert.Equal(
            "vetting.yaml line 3: agent.lost_after: 45s is shorter than two heartbeats (1m, from agent.heartbeat_seconds: 30); one late heartbeat would fail the run",
            ConfigTesting.Refusal("agent:\n  heartbeat_seconds: 30\n  lost_after: 45s"));
    }

    [Fact]
    public void Raising_the_heartbeat_alone_points_at_the_heartbeat()
    {
        Assert.Equal(
            "vetting.yaml line 2: agent.lost_after: 2m is shorter than two heartbeats (10m, from agent.heartbeat_seconds: 300); one late heartbeat would fail the run",
            ConfigTesting.Refusal("agent:\n  heartbeat_seconds: 300"));
    }

    [Fact]
    public void Postgres_needs_a_connection_string()
    {
        Assert.Equal(
            "vetting.yaml line 2: database.connection_string: required when database.provider is postgres (for example Host=db;Database=vetting;Username=vetting)",
            ConfigTesting.Refusal("database:\n  provider: postgres"));
    }

    [Fact]
    public void A_malformed_postgres_connection_string_is_named_without_its_password()
    {
        var refusal = ConfigTesting.Refusal("database:\n  provider: postgres\n  connection_string: \"Host=db;Pasword=hunter2\"");

        Assert.StartsWith("vetting.yaml line 3: database.connection_string: is not a PostgreSQL connection string: ", refusal, StringComparison.Ordinal);
        Assert.Contains("pasword", refusal, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgres_connection_string_without_a_host_is_refused()
    {
        Assert.Equal(
            "vetting.yaml line 3: database.connection_string: names no Host (for example Host=db;Database=vetting;Username=vetting)",
            ConfigTesting.Refusal("database:\n  provider: postgres\n  connection_string: \"Database=vetting\""));
    }
}
