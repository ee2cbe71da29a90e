using System.Globalization;

namespace Vetting.Server.Configuration;

/// <summary>
/// Checks that involve more than one key. A key missing from the file is reported at the line of the key
/// that made it necessary (e.g. <c>pxe.enabled: true</c>), since that is where the operator will look.
/// </summary>
internal sealed class ConfigValidator(VettingConfig config, IReadOnlyDictionary<string, int> lines, ConfigErrors errors)
{
    /// <summary>Providers this build can open. postgres is in the contract but has no EF provider here yet.</summary>

    public void Check()
    {
        CheckDatabase();
        CheckAgent();
        CheckPxe();
    }

    private void CheckDatabase()
    {
        var database = config.Database;
        if (database.Provider != DatabaseOptions.Postgres)
        {
            return;
        }

        if (DatabaseOptions.ConnectionStringProblem(database.ConnectionString) is { } problem)
        {
            Add("database.connection_string", problem, "database.provider");
        }
    }

    // The agent is only declared lost after missing a whole heartbeat; any shorter and one slow call fails a run.
    private void CheckAgent()
    {
        var twoBeats = TimeSpan.FromSeconds(2 * config.Agent.HeartbeatSeconds);
        if (config.Agent.LostAfter < twoBeats)
        {
            var problem = string.Format(
                CultureInfo.InvariantCulture,
                "{0} is shorter than two heartbeats ({1}, from agent.heartbeat_seconds: {2}); one late heartbeat would fail the run",
                Durations.Format(config.Agent.LostAfter),
                Durations.Format(twoBeats),
                config.Agent.HeartbeatSeconds);
            Add("agent.lost_after", problem, "agent.heartbeat_seconds");
        }
    }

    private void CheckPxe()
    {
        var pxe = config.Pxe;
        if (pxe.DhcpRange is { } range)
        {
            var problem = pxe.Mode == "proxy" ? NetworkText.ProxyRangeProblem(range) : NetworkText.DhcpRangeProblem(range);
            if (problem is not null)
            {
                Add("pxe.dhcp_range", problem);
            }
        }

        if (!pxe.Enabled)
        {
            return;
        }

        if (pxe.Interface is null)
        {
            Add("pxe.interface", "required when pxe.enabled is true (the interface dnsmasq binds, e.g. br-vetting)", "pxe.enabled");
        }

        if (pxe.DhcpRange is null)
        {
            var example = pxe.Mode == "proxy" ? "the subnet, e.g. 10.77.0.0" : "start,end[,mask][,lease], e.g. 10.77.0.100,10.77.0.200,255.255.255.0";
            Add("pxe.dhcp_range", $"required when pxe.enabled is true ({example})", "pxe.enabled");
        }
    }

    /// <param name="key">The key the problem is about.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="otherwiseAt">Where to point when <paramref name="key"/> is not in the file.</param>
    private void Add(string key, string problem, string? otherwiseAt = null)
    {
        // A bad value was reported where it was read and left the default behind; judging the default would only confuse.
        if (errors.HasErrorFor(key))
        {
            return;
        }

        var line = lines.TryGetValue(key, out var at) ? at
            : otherwiseAt is not null && lines.TryGetValue(otherwiseAt, out var other) ? other
            : (int?)null;
        errors.Add(line, key, problem);
    }
}
