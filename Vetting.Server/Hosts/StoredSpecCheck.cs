using Microsoft.EntityFrameworkCore;
using Vetting.Activities.Specs;
using Vetting.Server.Data;

namespace Vetting.Server.Hosts;

/// <summary>
/// Just after start-up (the server already listens), names the hosts whose stored expected spec the current version would refuse (it was saved under
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
        // One host at a time, and never a spec over the size the API accepts: a spec stored before specs were capped
        // (megabytes) must not stop the server from starting in a small LXC.
        var hosts = db.Hosts.AsNoTracking()
            .Where(h => h.DeletedAt == null && h.ExpectedSpec != "")
            .Select(h => new { h.Id, h.Name, Length = h.ExpectedSpec.Length, Spec = h.ExpectedSpec.Length > HostValidation.MaxSpecBytes ? null : h.ExpectedSpec })
            .AsAsyncEnumerable();
        var flagged = 0;
        await foreach (var host in hosts.WithCancellation(cancellationToken))
        {
            if (host.Spec is null)
            {
                flagged++;
                logger.LogWarning("host {HostId} ({HostName}): its stored expected spec has {Length} characters, more than the {Max} bytes the API accepts " +
                    "today; its runs refuse to start until the spec is replaced with PUT /api/v1/hosts/<id>", host.Id, host.Name, host.Length, HostValidation.MaxSpecBytes);
                continue;
            }

            var errors = ExpectedSpecParser.Validate(host.Spec);
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
