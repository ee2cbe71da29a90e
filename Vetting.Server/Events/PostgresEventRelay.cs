using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Vetting.Activities;
using Vetting.Server.Data;
using Vetting.Server.Hosting;
using Vetting.Server.Hosts;
using Vetting.Server.Runs;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vetting.Server.Events;

/// <summary>
/// Live events across the orchestrators of one PostgreSQL database. Each one sends what it publishes with
/// <c>NOTIFY</c> and <c>LISTEN</c>s for the others', which it publishes to its own subscribers, so a dashboard on one
/// site's orchestrator sees another site's runs move as they move. Best effort, as live events are: an event that
/// cannot be sent is dropped (and counted in the log), and when the listening connection was lost this process's
/// subscribers get a <c>reset</c>, because what the others published meanwhile is gone and the pages must reload.
/// A run queued at another orchestrator also wakes this one's scheduler, so a run of this site starts at once.
/// </summary>
/// <remarks>
/// A payload is <c>origin \n event \n json</c>. The origin tells a process its own events apart (PostgreSQL delivers a
/// NOTIFY to every listening session, the sender's included). Anyone who may connect to the database can NOTIFY, so a
/// payload is taken apart defensively: only <c>run</c>, <c>host</c> and <c>progress</c> events, only a JSON object, and
/// re-encoded by this process before it reaches an event stream.
/// </remarks>
public sealed class PostgresEventRelay : BackgroundService
{
    internal const string ChannelName = "vetting_events";

    // PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
    internal const int MaxPayloadBytes = 7999;

    private const int BatchSize = 100;

    // Attempts to send one batch before it is given up.
    private const int MaxTries = 3;

    // A relayed event is one of these; anything else on the channel is not ours to repeat.
    private static readonly string[] Relayed = ["run", "host", "progress"];

    // Sent after this process dropped events: the others' pages reload (reset) rather than miss them.
    private const string GapEvent = "gap";

    // With no notification for this long the listener asks the server whether the connection is still there.
    private static readonly TimeSpan PingAfter = TimeSpan.FromSeconds(30);

    // The wait before connecting again after failures in a row: none after the first (a connection the server closed
    // while it sat idle is found dead only when used, and a new one usually works at once), then 1 s doubling to 30 s.
    private static readonly PollingSchedule Reconnect = new(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    private static TimeSpan ReconnectAfter(int failures) => Reconnect.After(failures - 1);

    private readonly EventHub _hub;
    private readonly RunProgress _progress;
    private readonly RunEvents _runs;
    private readonly RunScheduler _scheduler;
    private readonly TimeProvider _clock;
    private readonly ILogger<PostgresEventRelay> _logger;
    private readonly JsonSerializerOptions _json;
    private readonly string _connectionString;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _dropped;

    public PostgresEventRelay(string connectionString, EventHub hub, RunProgress progress, RunEvents runs, RunScheduler scheduler,
        IOptions<HttpJsonOptions> json, TimeProvider clock, ILogger<PostgresEventRelay> logger)
    {
        (_hub, _progress, _runs, _scheduler, _clock, _logger) = (hub, progress, runs, scheduler, clock, logger);
        _json = json.Value.SerializerOptions;
        // Two connections of its own for as long as the process runs: one listens, one sends.
        _connectionString = DedicatedConnection.For(connectionString, "vetting live events", commandTimeoutSeconds: 15);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _hub.Forward = Enqueue;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _hub.Forward = null;
        await base.StopAsync(cancellationToken);
    }

    /// <summary>What this process puts before its payloads, so it can tell its own notifications apart.</summary>
    internal string Origin => _origin;

    /// <summary>Completes once this process first listens: from then on it hears every other orchestrator's events.</summary>
    internal Task Listening => _listening.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    /// <summary>Queues one of this process's events for the others; never waits (a full queue drops the event).</summary>
    private void Enqueue(string eventName, byte[] json)
    {
        if (Array.IndexOf(Relayed, eventName) < 0)
        {
            return;
        }

        var payload = string.Concat(_origin, "\n", eventName, "\n", Encoding.UTF8.GetString(json));
        if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes || !_outgoing.Writer.TryWrite(payload))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var reader = _outgoing.Reader;
        // A batch stays here until it was sent: a connection found dead when it is used (the server restarted while it
        // sat idle) costs a reconnect, not the events.
        var batch = new List<string>(BatchSize);
        var tries = 0;
        while (batch.Count > 0 || await reader.WaitToReadAsync(stoppingToken))
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(stoppingToken);
                do
                {
                    while (batch.Count < BatchSize && reader.TryRead(out var payload))
                    {
                        batch.Add(payload);
                    }

                    if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
                    {
                        // The others' pages missed something of ours: tell them to reload.
                        _logger.LogWarning("live events: {Count} event(s) were not sent to the other orchestrators (too large, or the queue was full); their pages reload", dropped);
                        batch.Add(string.Concat(_origin, "\n", GapEvent, "\n{}"));
                    }

                    tries++;
                    await SendBatchAsync(connection, batch, stoppingToken);
                    (batch, failures, tries) = (new List<string>(BatchSize), 0, 0);
                }
                while (await reader.WaitToReadAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                LogFailure(e, failures, "sending to");
                if (tries >= MaxTries)
                {
                    // Not a dead connection but a batch the server refuses, or a long outage: give it up, so it neither
                    // blocks what comes after it nor grows; the others reload once sending works again (a gap).
                    Interlocked.Add(ref _dropped, batch.Count);
                    (batch, tries) = (new List<string>(BatchSize), 0);
                }

                await DelayAsync(ReconnectAfter(failures), stoppingToken);
            }
        }
    }

    private static async Task SendBatchAsync(NpgsqlConnection connection, List<string> payloads, CancellationToken cancellationToken)
    {
        if (payloads.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        foreach (var payload in payloads)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
            {
                Parameters = { new NpgsqlParameter { Value = ChannelName }, new NpgsqlParameter { Value = payload } },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var listenedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, e) => Receive(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (listenedBefore || failures > 0)
                {
                    _logger.LogInformation("live events: listening to the other orchestrators again; pages reload what they missed");
                    _hub.PublishHere("reset", new { reason = "site-events-interrupted" });
                }

                (listenedBefore, failures) = (true, 0);
                _listening.TrySetResult();
                while (true)
                {
                    if (!await connection.WaitAsync(PingAfter, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                LogFailure(e, failures, "listening to");
                await DelayAsync(ReconnectAfter(failures), stoppingToken);
            }
        }
    }

    /// <summary>Publishes another orchestrator's event here; anything that is not one is ignored.</summary>
    internal void Receive(string payload)
    {
        var first = payload.IndexOf('\n');
        var second = first < 0 ? -1 : payload.IndexOf('\n', first + 1);
        if (second < 0 || payload.AsSpan(0, first).SequenceEqual(_origin))
        {
            return;
        }

        var eventName = payload[(first + 1)..second];
        if (eventName == GapEvent)
        {
            _hub.PublishHere("reset", new { reason = "site-events-lost" });
            return;
        }

        if (Array.IndexOf(Relayed, eventName) < 0)
        {
            _logger.LogDebug("live events: ignored a notification for '{Event}', which is not relayed", Http.SafeText.Excerpt(eventName, 40));
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(payload.AsMemory(second + 1));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            // Taken as the event it claims to be and written anew, so only that event's fields reach a page.
            switch (eventName)
            {
                case "progress" when document.RootElement.Deserialize<RunProgressDto>(_json) is { } beat:
                    _progress.Accept(beat);
                    break;
                case "host" when document.RootElement.Deserialize<HostEventDto>(_json) is { Name: not null, Mac: not null } host:
                    _hub.PublishHere(eventName, host);
                    break;
                case "run" when document.RootElement.Deserialize<RunEventDto>(_json) is { State: not null, Profile: not null } run:
                    // Left out when this process announced a later change of the run (by its stamp).
                    _runs.AcceptRelayed(run);
                    // A run queued at another orchestrator may be this site's: look now rather than at the next poll.
                    if (run.State == RunStates.Queued)
                    {
                        _scheduler.Wake();
                    }

                    break;
            }
        }
        catch (JsonException e)
        {
            _logger.LogDebug(e, "live events: ignored a '{Event}' notification that is not the JSON of one", eventName);
        }
    }

    private void LogFailure(Exception e, int failures, string what)
    {
        // The first failure of an outage is a warning; the retries after it are not news.
        if (failures == 1)
        {
            _logger.LogWarning(e, "live events: {What} the other orchestrators failed; retrying (pages on other sites' orchestrators miss this one's live updates meanwhile)", what);
        }
        else
        {
            _logger.LogDebug(e, "live events: {What} the other orchestrators failed again ({Failures} in a row)", what, failures);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _clock, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
