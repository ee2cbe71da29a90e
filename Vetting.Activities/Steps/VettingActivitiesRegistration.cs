using Vetting.Workflows.Hosting;

namespace Vetting.Activities.Steps;

public static class VettingActivitiesRegistration
{
    public static WorkflowBuilder AddVettingActivities(this WorkflowBuilder builder) => builder
        .AddActivity<SendWoL>()
        .AddActivity<AwaitBoot>()
        .AddActivity<AwaitHello>()
        .AddActivity<RunStage>()
        .AddActivity<CompareSpec>()
        .AddActivity<WriteReport>()
        .AddActivity<Notify>()
        .AddActivity<HoldForSsh>()
        .AddActivity<PowerOff>();
}
