using Vetting.Activities.Ports;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>Shared plumbing: the run id comes from the workflow input <c>runId</c>; the domain from <see cref="IRunGateway"/>.</summary>
public abstract class VettingActivity : Activity
{
    public const string Category = "Vetting";

    protected static int RunId(ActivityExecutionContext context) =>
        context.GetWorkflowInput<int?>(WorkflowInputs.RunId)
        ?? throw new InvalidOperationException($"the workflow was started without the '{WorkflowInputs.RunId}' input");

    protected static IRunGateway Runs(ActivityExecutionContext context) => context.GetRequiredService<IRunGateway>();
}

/// <summary>Names of the inputs the server passes when it starts a vetting workflow.</summary>
public static class WorkflowInputs
{
    public const string RunId = "runId";
    public const string HostId = "hostId";
    public const string Profile = "profile";
}

/// <summary>Defaults the server configures (runs.boot_timeout, runs.hello_timeout).</summary>
public sealed record ActivityDefaults(TimeSpan BootTimeout, TimeSpan HelloTimeout);

/// <summary>Bookmark names of the vetting activities; the server resumes them by name + stimulus.</summary>
public static class VettingBookmarks
{
    public const string Boot = "Vetting.AwaitBoot";
    public const string Hello = "Vetting.AwaitHello";
    public const string Stage = "Vetting.RunStage";
    public const string Hold = "Vetting.HoldForSsh";
}
