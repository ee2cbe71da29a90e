using Microsoft.EntityFrameworkCore;
using Vetting.Activities.Specs;
using Vetting.Server.Data;

namespace Vetting.Server.Hosts;

/// <summary>
/// At start-up, names the hosts whose stored expected spec the current version would refuse (it was saved under
/// looser rules, e.g. a threshold name no stage reads). Their runs still work: the parts that no longer apply are
/// skipped and shown as <c>warn</c> spec diffs; the log line says which host to edit.
/// </summary>
public static class StoredSpecCheck
{
    public static async Task<int> WarnAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VettingDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<RegisteredHost>>();
        var hosts = await db.Hosts.AsNoTracking()
            .Where(h => h.DeletedAt == null && h.ExpectedSpec != "")
            .Select(h => new { h.Id, h.Name, h.ExpectedSpec })
            .ToListAsync(cancellationToken);
        var flagged = 0;
        foreach (var host in hosts)
        {
            var errors = ExpectedSpecParser.Validate(host.ExpectedSpec);
            if (errors.Count == 0)
            {
                continue;
            }

            flagged++;
            logger.LogWarning("host {HostId} ({HostName}): its stored expected spec would be refused today ({Errors}). Runs skip a threshold " +
                "no stage reads and list it as a warn spec diff; edit the host's spec to fix it", host.Id, host.Name, string.Join("; ", errors));
        }

        return flagged;
    }
}
