using System.Globalization;
using Vetting.Agent.Probes;
using Vetting.Agent.Stages;
using Vetting.Protocol;

namespace Vetting.Agent.Cpu;

/// <summary>
/// Loads every CPU with stress-ng's cpu, matrix and cache stressors with result verification, while watching
/// temperatures, throttle counters and EDAC/MCE counts.
/// </summary>
public sealed class CpuStage : IStage
{
    public const string YamlArtifact = "stress-ng-cpu.yaml";
    public const string LogArtifact = "stress-ng-cpu.log";
    public const int DefaultDurationSeconds = 60;

    // stress-ng needs a moment past --timeout to reap its workers and write the YAML.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    public string Name => StageNames.Cpu;

    /// <summary>Worker counts of 0 mean "one per online CPU" to stress-ng.</summary>
    public static IReadOnlyList<string> Arguments(int durationSeconds, string yamlPath) =>
    [
        "--cpu", "0", "--cpu-method", "all", "--matrix", "0", "--cache", "0",
        "--verify", "--metrics-brief", "--timeout", durationSeconds.ToString(CultureInfo.InvariantCulture) + "s", "--yaml", yamlPath,
    ];

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var duration = context.Parameters.DurationSeconds(DefaultDurationSeconds);
        var yamlPath = Path.Combine(context.WorkDirectory, YamlArtifact);
        var before = HealthCounters.Read(context.Files);
        context.Progress.Phase($"stress-ng cpu/matrix/cache for {duration} s", 0, 99, TimeSpan.FromSeconds(duration));

        var run = context.Tools.RunAsync("stress-ng", Arguments(duration, yamlPath), TimeSpan.FromSeconds(duration) + Grace, cancellationToken);
        var maxTemp = await TemperatureWatch.UntilDoneAsync(run, context.Files, context.Time, SampleInterval, cancellationToken);
        var result = await run;

        var yaml = context.Files.ReadText(yamlPath);
        var observation = new CpuObservation
        {
            StressNg = result,
            Yaml = yaml,
            Before = before,
            After = HealthCounters.Read(context.Files),
            MaxTemperatureC = maxTemp,
            DurationSeconds = duration,
        };
        var artifacts = new List<StageArtifact> { StageArtifact.Text(LogArtifact, result.Stdout + result.Stderr) };
        if (yaml is not null)
        {
            artifacts.Add(StageArtifact.Text(YamlArtifact, yaml));
        }

        return new StageOutcome(CpuVerdict.Judge(observation, context.Parameters), artifacts);
    }
}
