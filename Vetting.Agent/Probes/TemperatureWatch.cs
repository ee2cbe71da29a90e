using Vetting.Agent.Tools;

namespace Vetting.Agent.Probes;

/// <summary>Samples the hottest sensor while a stress tool runs: the peak matters, not the reading after it stopped.</summary>
public static class TemperatureWatch
{
    public static async Task<double?> UntilDoneAsync(Task running, ISystemFiles files, TimeProvider time, TimeSpan interval, CancellationToken cancellationToken)
    {
        var max = Temperatures.Max(files);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(interval, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            max = Higher(max, Temperatures.Max(files));
        }

        return max;
    }

    private static double? Higher(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
