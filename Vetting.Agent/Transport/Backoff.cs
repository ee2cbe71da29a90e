namespace Vetting.Agent.Transport;

/// <summary>
/// Retries a call while the failure is transient (network, 5xx), waiting 1 s, 2 s, 4 s … up to 60 s between
/// attempts, for as long as it takes: a node in the live image has nothing better to do than wait for its
/// orchestrator to come back. 4xx and 410 are passed through at once.
/// </summary>
public sealed class Backoff(Func<TimeSpan, CancellationToken, Task> sleep, Action<string> log)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = First;
        while (true)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (AgentTransportException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                log($"{what} failed ({e.Message}); retrying in {delay.TotalSeconds:0} s");
                await sleep(delay, cancellationToken);
                delay = Next(delay);
            }
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync<bool>(what, async ct =>
        {
            await call(ct);
            return true;
        }, cancellationToken);

    public static TimeSpan Next(TimeSpan delay) => delay * 2 < Max ? delay * 2 : Max;
}
