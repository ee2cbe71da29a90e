using Vetting.Agent.Stages;

namespace Vetting.Agent.Tests.Support;

/// <summary>A stage whose behaviour the test writes, for exercising the agent loop.</summary>
public sealed class ScriptedStage(string name, Func<StageContext, CancellationToken, Task<StageOutcome>> run) : IStage
{
    public string Name => name;

    public Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
