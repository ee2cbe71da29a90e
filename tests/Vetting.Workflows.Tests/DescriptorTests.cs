using Vetting.Workflows.Activities;
using Vetting.Workflows.Activities.BuiltIn;

namespace Vetting.Workflows.Tests;

public sealed class DescriptorTests
{
    [Fact]
    public void Descriptor_is_generated_from_the_class()
    {
        var descriptor = new ActivityRegistry().Register<Wait>();

        Assert.Equal(("Test.Wait", 1, "Test", "Wait"), (descriptor.TypeName, descriptor.Version, descriptor.Category, descriptor.DisplayName));
        Assert.Equal(["Done", "B", "TimedOut"], descriptor.Outcomes);
        var timeout = descriptor.FindInput("timeout")!;
        Assert.Equal(("timeout", "TimeSpan", UiHints.TimeSpan), (timeout.Name, timeout.TypeName, timeout.UiHint));
        Assert.Equal(("key", "String", UiHints.SingleLine), (descriptor.Inputs[0].Name, descriptor.Inputs[0].TypeName, descriptor.Inputs[0].UiHint));
    }

    [Fact]
    public void Enum_inputs_become_dropdowns_with_their_names_and_defaults()
    {
        var mode = new ActivityRegistry().Register<FlowJoin>().FindInput("mode")!;

        Assert.Equal(UiHints.Dropdown, mode.UiHint);
        Assert.Equal(["WaitAny", "WaitAll", "WaitAllActive"], mode.Options!);
        Assert.Equal("WaitAny", mode.DefaultValue);
    }

    [Fact]
    public void Built_in_activities_keep_Elsa_type_names()
    {
        var registry = new ActivityRegistry();
        var names = new[] { registry.Register<FlowDecision>(), registry.Register<FlowJoin>(), registry.Register<Delay>(), registry.Register<SetVariable>() }
            .Select(d => d.TypeName);

        Assert.Equal(["Elsa.FlowDecision", "Elsa.FlowJoin", "Elsa.Delay", "Elsa.SetVariable"], names);
        Assert.Equal(["True", "False"], registry.Find("Elsa.FlowDecision")!.Outcomes);
    }

    [Fact]
    public void Descriptor_JSON_uses_the_operator_API_names()
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(new ActivityRegistry().Register<FlowJoin>(), System.Text.Json.JsonSerializerOptions.Web);

        Assert.Equal("Elsa.FlowJoin", json.GetProperty("type").GetString());
        var mode = json.GetProperty("inputs")[0];
        Assert.Equal(("mode", "WaitAny", "dropdown"), (mode.GetProperty("name").GetString(), mode.GetProperty("default").GetString(), mode.GetProperty("uiHint").GetString()));
        Assert.Equal(["Done"], json.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public void A_class_without_the_attribute_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => new ActivityRegistry().Register(typeof(Undeclared), () => new Undeclared()));

    private sealed class Undeclared : Activity
    {
        public override ValueTask ExecuteAsync(ActivityExecutionContext context) => ValueTask.CompletedTask;
    }
}
