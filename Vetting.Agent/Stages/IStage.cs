namespace Vetting.Agent.Stages;

/// <summary>One stage of the pipeline (inventory, cpu, ...), run by the agent when the server asks for it.</summary>
public interface IStage
{
    /// <summary>One of <see cref="Vetting.Protocol.StageNames"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs the stage and judges the hardware. Returns <c>failed</c> for hardware that did not pass and
    /// <c>error</c> when the stage could not be run; may throw, which the agent also reports as <c>error</c>.
    /// </summary>
    Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken);
}
