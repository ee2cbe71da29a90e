using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Protocol;
using Vetting.Workflows.Activities;

namespace Vetting.Activities.Steps;

/// <summary>
/// Runs one stage on the agent: creates the stage attempt and its instruction, suspends on a bookmark keyed by the
/// instruction id, and completes Passed/Failed when the agent posts the result (or TimedOut at the deadline).
/// </summary>
[Activity("Vetting", "RunStage", Category = VettingActivity.Category, DisplayName = "Run Stage",
    Description = "Sends a stage to the agent and waits for its verdict.", Outcomes = ["Passed", "Failed", "TimedOut"])]
public sealed class RunStage : VettingActivity
{
    public const string ProfilesVariable = "profiles";

    [Input(UiHint = UiHints.Dropdown, Options = ["inventory", "cpu", "memory", "storage", "network"], Required = true)]
    public string Stage { get; set; } = "";

    [Input(UiHint = UiHints.TimeSpan, Description = "Empty: twice the stage's duration plus 15 minutes.")]
    public TimeSpan? Timeout { get; set; }

    [Input(UiHint = UiHints.Json, Description = "Merged over the profile's parameters for this stage (workflow variable 'profiles').")]
    public JsonElement Parameters { get; set; }

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (!StageNames.All.Contains(Stage))
        {
            throw new InvalidOperationException($"unknown stage '{Stage}' (expected {string.Join(", ", StageNames.All)})");
        }

        var runId = RunId(context);
        var runs = Runs(context);
        var run = await runs.GetAsync(runId, context.CancellationToken);
        var parameters = await runs.StageParametersAsync(runId, Stage, ProfileParameters(context, run.Profile), AsObject(Parameters), context.CancellationToken);
        var timeout = Timeout ?? DefaultTimeout(parameters);
        var deadline = context.Now + timeout;
        await runs.SetStateAsync(runId, RunStates.ForStage(Stage), context.CancellationToken);
        var instructionId = await runs.BeginStageAsync(runId, Stage, parameters, deadline, context.CancellationToken);
        context.CreateBookmark(VettingBookmarks.Stage, new InstructionStimulus(instructionId), deadline, new StageWait(instructionId));
    }

    public override async ValueTask ResumeAsync(ActivityExecutionContext context, ResumeContext resume)
    {
        var instructionId = resume.Payload<StageWait>()!.InstructionId;
        var result = resume.TimedOut ? null : resume.InputAs(ProtocolJsonContext.Default.StageResult);
        await Runs(context).FinishStageAsync(RunId(context), instructionId, result, context.CancellationToken);
        context.Complete(result is null ? TimedOutOutcome : result.Status == StageStatuses.Passed ? "Passed" : "Failed");
    }

    /// <summary>The workflow variable <c>profiles</c> holds, per profile, the parameters of each stage.</summary>
    private JsonObject ProfileParameters(ActivityExecutionContext context, string profile)
    {
        var profiles = context.GetVariable<JsonElement>(ProfilesVariable);
        return profiles.ValueKind == JsonValueKind.Object
               && profiles.TryGetProperty(profile, out var stages)
               && stages.ValueKind == JsonValueKind.Object
               && stages.TryGetProperty(Stage, out var parameters)
            ? AsObject(parameters)
            : [];
    }

    private static JsonObject AsObject(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? JsonObject.Create(element) ?? [] : [];

    private static TimeSpan DefaultTimeout(JsonObject parameters)
    {
        var seconds = parameters[InstructionParameters.DurationSeconds] is JsonValue v && v.TryGetValue(out double d) ? d : 600;
        return TimeSpan.FromSeconds(seconds * 2) + TimeSpan.FromMinutes(15);
    }
}
