using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Vetting.Activities;
using Vetting.Protocol;
using Vetting.Server.Data;
using Vetting.Server.Events;

namespace Vetting.Server.Runs;

/// <summary>The last heartbeat of a run's agent: which stage it is in and how far (percent when the agent sends one).</summary>
public sealed record RunProgressDto(int RunId, string? Stage, double? Percent, string? Message, DateTimeOffset At);

/// <summary>
/// Keeps the latest heartbeat per active run in memory and announces it as the SSE event <c>progress</c>, so the
/// dashboard can show a stage's percent without the log. Lost on restart by design: the next heartbeat refills it.
/// A run's beat is forgotten when its end is announced (<see cref="RunEvents"/>), and whatever is left over when the
/// active runs are listed.
/// </summary>
public sealed class RunProgress(EventHub events, TimeProvider clock)
{
    private const int MaxMessage = 200;

    // Beats held at most. Those of this site's runs are always kept (one per active run); a beat relayed from another
    // orchestrator for a run not held yet is only published once this many are held, since anyone who can NOTIFY on
    // the database can send one for any run id.
    internal const int Capacity = 4096;

    private readonly ConcurrentDictionary<int, RunProgressDto> _latest = new();

    /// <summary>Records the beat of <paramref name="runId"/>'s agent, working on <paramref name="stage"/> (null between stages).</summary>
    public void Report(int runId, string? stage, HeartbeatRequest beat)
    {
        var dto = new RunProgressDto(runId, stage, Percent(beat.Percent), Message(beat.Message), clock.GetUtcNow());
        _latest[runId] = dto;
        events.Publish("progress", dto);
    }

    /// <summary>A beat that another orchestrator on the same database heard from its site's agent (held to the same limits).</summary>
    internal void Accept(RunProgressDto fromPeer)
    {
        var dto = fromPeer with { Percent = Percent(fromPeer.Percent), Message = Message(fromPeer.Message) };
        if (_latest.Count < Capacity || _latest.ContainsKey(dto.RunId))
        {
            _latest[dto.RunId] = dto;
        }

        events.PublishHere("progress", dto);
    }

    /// <summary>Drops the beat of a run that ended.</summary>
    internal void Forget(int runId) => _latest.TryRemove(runId, out _);

    /// <summary>The runs whose beat is held (for tests).</summary>
    internal IReadOnlyCollection<int> HeldRuns => [.. _latest.Keys.Order()];

    private static double? Percent(double? percent) => percent is { } p && double.IsFinite(p) ? Math.Clamp(p, 0, 100) : null;

    private static string? Message(string? message) => message is { Length: > MaxMessage } long_ ? long_[..MaxMessage] : message;

    /// <summary>Latest progress of the runs that are still active.</summary>
    public async Task<IReadOnlyList<RunProgressDto>> ActiveAsync(VettingDbContext db, CancellationToken cancellationToken)
    {
        var ids = _latest.Keys.ToList();
        var active = await db.Runs.Where(r => ids.Contains(r.Id) && !RunStates.IsTerminalStates.Contains(r.State))
            .Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var id in ids.Except(active))
            _latest.TryRemove(id, out _);
        return [.. active.Select(id => _latest.GetValueOrDefault(id)).OfType<RunProgressDto>()];
    }
}

public static class RunProgressApi
{
    /// <summary><c>GET /api/v1/progress</c>: the latest heartbeat of every active run (the dashboard's start state).</summary>
    public static IEndpointRouteBuilder MapRunProgress(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/progress", (RunProgress progress, VettingDbContext db, CancellationToken ct) => progress.ActiveAsync(db, ct))
            .WithTags("Runs").Produces<IReadOnlyList<RunProgressDto>>();
        return app;
    }
}
