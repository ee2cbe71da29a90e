using Vetting.Agent.Stages;
using Vetting.Agent.Transport;
using Vetting.Protocol;

namespace Vetting.Agent.Loop;

/// <summary>
/// Sends a heartbeat every interval while an instruction runs, with the stage's progress. The message is only
/// sent when it changed, because the server appends every message to the run log.
/// </summary>
public sealed class HeartbeatPump(IAgentTransport transport, Func<TimeSpan, CancellationToken, Task> sleep, Action<string> log)
{
    /// <summary>Set when a heartbeat was answered 410: the run was cancelled or ended under the running stage.</summary>
    public bool RunEnded { get; private set; }

    /// <summary>Runs <paramref name="work"/> with heartbeats; cancels it through <paramref name="abort"/> if the run ends.</summary>
    public async Task<T> AroundAsync<T>(string instructionId, ProgressTracker progress, TimeSpan interval, CancellationTokenSource abort, Func<Task<T>> work)
    {
        using var stop = new CancellationTokenSource();
        var pump = PumpAsync(instructionId, progress, interval, abort, stop.Token);
        try
        {
            return await work();
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    private async Task PumpAsync(string instructionId, ProgressTracker progress, TimeSpan interval, CancellationTokenSource abort, CancellationToken stop)
    {
        string? lastMessage = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await sleep(interval, stop);
                var (percent, message) = progress.Snapshot();
                await transport.HeartbeatAsync(new HeartbeatRequest
                {
                    InstructionId = instructionId,
                    Percent = percent,
                    Message = message == lastMessage ? null : message,
                }, stop);
                lastMessage = message;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RunEndedException)
            {
                RunEnded = true;
                log("the run ended while a stage was running; stopping it");
                await abort.CancelAsync();
                return;
            }
            catch (AgentTransportException e)
            {
                // A missed heartbeat is retried by the next one; the server tolerates gaps up to agent.lost_after.
                log($"heartbeat failed: {e.Message}");
            }
        }
    }
}
