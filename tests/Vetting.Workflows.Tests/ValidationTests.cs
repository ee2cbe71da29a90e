using Vetting.Workflows.Activities;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

public sealed class ValidationTests
{
    private static readonly ActivityRegistry Registry = CreateRegistry();

    private static ActivityRegistry CreateRegistry()
    {
        var registry = new ActivityRegistry();
        registry.Register<Step>();
        registry.Register<Wait>();
        registry.Register<Emit>();
        registry.Register<Activities.BuiltIn.FlowJoin>();
        registry.Register<Activities.BuiltIn.SetVariable>();
        registry.Register<Activities.BuiltIn.Start>();
        return registry;
    }

    private static IReadOnlyList<string> Errors(Flow flow) => DefinitionValidator.Validate(flow.Build(), Registry);

    [Fact]
    public void A_valid_definition_has_no_errors() =>
        Assert.Empty(Errors(new Flow().Add("a", "Test.Step").Add("b", "Test.Step").Chain("a", "b")));

    [Fact]
    public void Unknown_activity_type_is_named() =>
        Assert.Contains("activity 'x' has unknown type 'Vetting.Nope'", Errors(new Flow().Add("x", "Vetting.Nope")));

    [Fact]
    public void Dangling_connections_name_the_missing_end()
    {
        var errors = Errors(new Flow().Add("a", "Test.Step").Connect("a", "ghost").Connect("phantom", "a"));

        Assert.Contains(errors, e => e.Contains("target activity 'ghost' does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("source activity 'phantom' does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_ids_are_refused() =>
        Assert.Contains("duplicate activity id 'a'", Errors(new Flow().Add("a", "Test.Step").Add("a", "Test.Step")));

    [Fact]
    public void A_graph_where_every_activity_has_inbound_connections_starts_at_the_first_with_a_warning()
    {
        var flow = new Flow().Add("a", "Test.Step").Add("b", "Test.Step").Connect("b", "a").Connect("a", "b").Build();

        var report = DefinitionValidator.Check(flow, Registry);

        Assert.Empty(report.Errors);
        Assert.Equal("a", DefinitionValidator.FindStart(flow));
        Assert.Contains("every activity has inbound connections: starting at the first one, 'a'", Assert.Single(report.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_roots_without_a_marked_start_start_at_the_first_with_a_warning_instead_of_a_refusal()
    {
        var flow = new Flow().Add("a", "Test.Step").Add("b", "Test.Step").Build();

        var report = DefinitionValidator.Check(flow, Registry);

        Assert.Empty(report.Errors);
        Assert.Equal("a", WorkflowGraph.Build(flow, Registry).StartId);
        Assert.Contains("several activities without inbound connections ('a', 'b')", Assert.Single(WorkflowGraph.Build(flow, Registry).Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_follows_Elsa_order_an_Elsa_Start_before_marked_activities_and_of_two_marked_the_first_with_a_warning()
    {
        var flow = new Flow().Add("a", "Test.Step").Add("m1", "Test.Step").Add("m2", "Test.Step").Add("begin", "Elsa.Start").Build();
        flow.Root.Activities[1].CanStartWorkflow = true;
        flow.Root.Activities[2].CustomProperties["canStartWorkflow"] = System.Text.Json.JsonSerializer.SerializeToElement(true);

        Assert.Equal("begin", DefinitionValidator.FindStart(flow));
        Assert.Empty(DefinitionValidator.Check(flow, Registry).Warnings);

        flow.Root.Activities.RemoveAt(3);
        var report = DefinitionValidator.Check(flow, Registry);
        Assert.Equal("m1", DefinitionValidator.FindStart(flow));
        Assert.Equal(["several activities marked canStartWorkflow ('m1', 'm2'): starting at the first one, 'm1'; set the flowchart's 'start' or mark exactly one activity canStartWorkflow"],
            report.Warnings);
    }

    [Fact]
    public void An_explicit_start_is_used_and_must_exist()
    {
        var flow = new Flow().Add("a", "Test.Step").Add("b", "Test.Step");
        flow.Build().Root.Start = "b";
        Assert.Empty(Errors(flow));
        flow.Build().Root.Start = "zzz";
        Assert.Contains("start activity 'zzz' does not exist", Errors(flow));
    }

    [Fact]
    public void A_connection_from_an_outcome_the_activity_does_not_have_is_refused() =>
        Assert.Contains(Errors(new Flow().Add("a", "Test.Step").Add("b", "Test.Step").Connect("a", "b", "Maybe")),
            e => e.Contains("'Test.Step' has no outcome 'Maybe'", StringComparison.Ordinal));

    [Fact]
    public void The_implicit_Faulted_port_may_be_connected() =>
        Assert.Empty(Errors(new Flow().Add("a", "Test.Step").Add("b", "Test.Step").Connect("a", "b", "Faulted")));

    [Fact]
    public void Bad_literals_name_the_activity_input_and_value()
    {
        var errors = Errors(new Flow().Add("w", "Test.Wait", new { key = "k", timeout = "ten minutes" }));

        Assert.Contains(errors, e => e.StartsWith("activity 'w': input 'timeout'", StringComparison.Ordinal) && e.Contains("'ten minutes'", StringComparison.Ordinal));
    }

    [Fact]
    public void Dropdown_inputs_accept_only_their_options() =>
        Assert.Contains(Errors(new Flow().Add("j", "Elsa.FlowJoin", new { mode = "WaitSome" })),
            e => e.StartsWith("activity 'j': input 'mode'", StringComparison.Ordinal) && e.Contains("'WaitSome' is not one of WaitAny, WaitAll, WaitAllActive", StringComparison.Ordinal));

    [Fact]
    public void Variable_expressions_must_name_a_declared_variable() =>
        Assert.Contains(Errors(new Flow().Add("e", "Test.Emit", new { outcomes = Flow.Expr("Variable", "nope") })),
            e => e.Contains("undeclared variable 'nope'", StringComparison.Ordinal));

    [Theory]
    [InlineData("\"nope\"")]
    [InlineData("{ \"typeName\": \"String\", \"expression\": { \"type\": \"Literal\", \"value\": \"nope\" } }")]
    [InlineData("{ \"id\": \"v9\", \"name\": \"nope\", \"typeName\": \"Int32\", \"value\": \"0\" }")]
    public void SetVariable_must_name_a_declared_variable_in_any_shape(string variable)
    {
        var flow = new Flow().Variable("count", 0).Add("set", "Elsa.SetVariable");
        flow.Build().Root.Activities[0].Properties = new() { ["variable"] = System.Text.Json.JsonDocument.Parse(variable).RootElement };

        Assert.Contains("activity 'set': input 'variable' refers to undeclared variable 'nope'", Errors(flow));
    }

    [Fact]
    public void SetVariable_without_a_variable_is_refused() =>
        Assert.Contains("activity 'set': input 'variable' is required", Errors(new Flow().Add("set", "Elsa.SetVariable", new { variable = (string?)null })));

    [Fact]
    public void Variable_expressions_in_Elsa_3_object_shape_resolve_by_id_then_name()
    {
        var flow = new Flow().Variable("which", "A")
            .Add("by-id", "Test.Emit", new { outcomes = new { typeName = "String", expression = new { type = "Variable", value = new { id = "which", name = "renamed" } } } })
            .Add("by-name", "Test.Emit", new { outcomes = new { typeName = "String", expression = new { type = "Variable", value = new { id = "gone", name = "which" } } } })
            .Add("neither", "Test.Emit", new { outcomes = new { typeName = "String", expression = new { type = "Variable", value = new { id = "gone", name = "renamed" } } } });

        Assert.Equal(["activity 'neither': input 'outcomes' refers to undeclared variable 'renamed'"], Errors(flow).Where(e => e.Contains("variable", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Saving_an_invalid_draft_lists_every_reason()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow("broken").Add("a", "Test.Nope").Add("a", "Test.Step").Connect("a", "ghost").Build();

        var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(() => host.WithDefinitions(async d => await d.SaveDraftAsync(flow)));

        Assert.True(error.Errors.Count >= 3, string.Join("\n", error.Errors));
        Assert.Empty(await host.WithDefinitions(async d => await d.ListVersionsAsync("broken")));
    }

    [Fact]
    public void Graph_build_refuses_an_invalid_definition()
    {
        var error = Assert.Throws<WorkflowDefinitionException>(() => WorkflowGraph.Build(new Flow().Add("x", "Nope").Build(), Registry));

        Assert.Contains("unknown type 'Nope'", error.Message, StringComparison.Ordinal);
    }
}
