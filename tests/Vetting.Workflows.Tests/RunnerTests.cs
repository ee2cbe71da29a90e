// Over 250 lines on purpose: the runner's semantics (outcomes, joins, bookmarks, timers, faults) one test each,
// in the order docs/workflows.md describes them.
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

public sealed class RunnerTests
{
    [Fact]
    public async Task Sequential_activities_run_in_connection_order_and_the_instance_finishes()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("a", "Test.Step").Add("b", "Test.Step").Add("c", "Test.Step").Chain("a", "b", "c").Build();

        var instance = await host.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["a", "b", "c"], host.Trace.Of(instance.Id));
        Assert.NotNull(instance.FinishedAt);
    }

    [Fact]
    public async Task Journal_records_instance_events_and_each_activity_with_its_outcome()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("a", "Test.Step").Add("w", "Test.Wait", new { key = "k" }).Chain("a", "w").Build();

        var instance = await host.StartAsync(flow);
        await host.ResumeOneAsync("k");
        var journal = await host.JournalAsync(instance.Id);

        Assert.Equal(
            ["Instance:Started", "Activity:Completed:a:Done", "Activity:Suspended:w:", "Instance:Suspended",
             "Instance:Resumed", "Activity:Completed:w:Done", "Instance:Finished"],
            journal.Select(j => j.Kind == JournalKinds.Instance ? $"{j.Kind}:{j.Event}" : $"{j.Kind}:{j.Event}:{j.ActivityId}:{j.Outcome}"));
        Assert.All(journal.Where(j => j.Kind == JournalKinds.Activity), j => Assert.NotNull(j.DurationMs));
    }

    [Fact]
    public async Task An_outcome_without_connection_ends_that_path_only()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("e", "Test.Emit", new { outcomes = "A,B" }).Add("x", "Test.Step").Add("y", "Test.Step")
            .Connect("e", "x", "A").Connect("e", "y", "C")
            .Build();

        var instance = await host.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["e", "x"], host.Trace.Of(instance.Id));
    }

    [Theory]
    [InlineData("getInput('profile') === 'burn-in'", "yes")]
    [InlineData("getVariable('count') > 5", "no")]
    public async Task FlowDecision_evaluates_JavaScript_over_inputs_and_variables(string script, string expected)
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Variable("count", 3)
            .Add("decide", "Elsa.FlowDecision", new { condition = Flow.Expr("JavaScript", script, "Boolean") })
            .Add("yes", "Test.Step").Add("no", "Test.Step")
            .Connect("decide", "yes", "True").Connect("decide", "no", "False")
            .Build();

        var instance = await host.StartAsync(flow, new Dictionary<string, object?> { ["profile"] = "burn-in" });

        Assert.Equal([expected], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task Variable_expressions_bind_inputs_and_SetVariable_changes_them()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Variable("which", "B")
            .Add("set", "Elsa.SetVariable", new { variable = "which", value = Flow.Expr("Literal", "A,C") })
            .Add("emit", "Test.Emit", new { outcomes = Flow.Expr("Variable", "which") })
            .Add("a", "Test.Step").Add("b", "Test.Step").Add("c", "Test.Step")
            .Connect("set", "emit").Connect("emit", "a", "A").Connect("emit", "b", "B").Connect("emit", "c", "C")
            .Build();

        var instance = await host.StartAsync(flow);

        Assert.Equal(["emit", "a", "c"], host.Trace.Of(instance.Id));
        Assert.Equal("A,C", instance.Variables["which"].GetString());
    }

    [Fact]
    public async Task A_loop_that_never_waits_faults_with_an_incident_naming_it_instead_of_hanging()
    {
        await using var host = new WorkflowHost(services => Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<Vetting.Workflows.Hosting.WorkflowRuntimeOptions>(services, o => o.MaxActivitiesPerStep = 500));
        // FlowDecision <-> SetVariable: the condition stays true, nothing ever suspends.
        var flow = new Flow()
            .Variable("count", 0)
            .Add("decide", "Elsa.FlowDecision", new { condition = Flow.Expr("JavaScript", "getVariable('count') >= 0", "Boolean") })
            .Add("bump", "Elsa.SetVariable", new { variable = "count", value = Flow.Expr("JavaScript", "getVariable('count') + 1", "Int32") })
            .Add("done", "Test.Step")
            .Connect("decide", "bump", "True").Connect("bump", "decide").Connect("decide", "done", "False")
            .Build();
        flow.Root.Start = "decide";

        var instance = await host.StartAsync(flow).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        var incident = Assert.Single(instance.Incidents);
        Assert.Contains("ran 500 activities in one step without waiting", incident.Message, StringComparison.Ordinal);
        Assert.Contains("'decide' 250×", incident.Message, StringComparison.Ordinal);
        Assert.Contains("'bump' 250×", incident.Message, StringComparison.Ordinal);
        Assert.Empty(host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task A_failing_activity_with_a_Faulted_connection_continues_there()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("f", "Test.Fail", new { message = "disk on fire" }).Add("recover", "Test.Step")
            .Connect("f", "recover", "Faulted").Build();

        var instance = await host.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["recover"], host.Trace.Of(instance.Id));
        Assert.Equal("disk on fire", instance.Outputs["f"].GetProperty("error").GetString());
        Assert.Empty(instance.Incidents);
    }

    [Fact]
    public async Task A_failing_activity_without_a_Faulted_connection_faults_the_instance_with_an_incident()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("start", "Test.Emit", new { outcomes = "A,B" })
            .Add("f", "Test.Fail", new { message = "disk on fire" }).Add("w", "Test.Wait", new { key = "k" }).Add("after", "Test.Step")
            .Connect("start", "w", "A").Connect("start", "f", "B").Connect("f", "after")
            .Build();

        var instance = await host.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(("f", "Test.Fail", "disk on fire"), (incident.ActivityId, incident.ActivityType, incident.Message));
        Assert.Empty(instance.Bookmarks);
        Assert.DoesNotContain("after", host.Trace.Of(instance.Id));
        Assert.Contains(await host.JournalAsync(instance.Id), j => j.Kind == JournalKinds.Instance && j.Event == "Faulted");
    }

    [Fact]
    public async Task Resume_by_stimulus_ignores_property_order_and_delivers_the_input()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("w", "Test.Wait", new { key = "k1" }).Add("done", "Test.Step").Add("b", "Test.Step")
            .Connect("w", "done").Connect("w", "b", "B").Build();

        var instance = await host.StartAsync(flow);
        var stimulus = System.Text.Json.JsonDocument.Parse("""{"key":"k1"}""").RootElement;
        var results = await host.InScope(r => r.ResumeAsync(Wait.BookmarkName, stimulus, new { outcome = "B" }));

        Assert.Equal(ResumeStatus.Resumed, Assert.Single(results).Status);
        Assert.Equal(["w", "w:resumed", "b"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task Resume_by_bookmark_id_works_and_a_second_resume_is_refused_as_already_resumed()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("w", "Test.Wait", new { key = "k" }).Build();
        var instance = await host.StartAsync(flow);
        var bookmark = Assert.Single(instance.Bookmarks);

        var first = await host.InScope(r => r.ResumeBookmarkAsync(instance.Id, bookmark.Id));
        var second = await host.InScope(r => r.ResumeBookmarkAsync(instance.Id, bookmark.Id));

        Assert.Equal(ResumeStatus.Resumed, first.Status);
        Assert.Equal(ResumeStatus.AlreadyResumed, second.Status);
        Assert.Equal(ResumeStatus.NotFound, (await host.InScope(r => r.ResumeBookmarkAsync("nope", bookmark.Id))).Status);
    }

    [Fact]
    public async Task Timeout_fires_through_TimedOut_when_no_stimulus_arrives()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("w", "Test.Wait", new { key = "k", timeout = "00:10:00" })
            .Add("ok", "Test.Step").Add("late", "Test.Step")
            .Connect("w", "ok").Connect("w", "late", "TimedOut").Build();
        var instance = await host.StartAsync(flow);

        host.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await host.FireDueTimersAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await host.FireDueTimersAsync());

        Assert.Equal(WorkflowStatus.Finished, (await host.LoadAsync(instance.Id)).Status);
        Assert.Equal(["w", "w:resumed", "late"], host.Trace.Of(instance.Id));
        Assert.Empty(await host.InScope(r => r.ResumeAsync(Wait.BookmarkName, new { key = "k" })));
    }

    [Fact]
    public async Task A_stimulus_before_the_timeout_wins_and_the_timer_never_fires()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("w", "Test.Wait", new { key = "k", timeout = "00:10:00" })
            .Add("ok", "Test.Step").Add("late", "Test.Step")
            .Connect("w", "ok").Connect("w", "late", "TimedOut").Build();
        var instance = await host.StartAsync(flow);

        await host.ResumeOneAsync("k");
        host.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await host.FireDueTimersAsync());
        Assert.Equal(["w", "w:resumed", "ok"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task Delay_suspends_until_its_time()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("d", "Elsa.Delay", new { timeSpan = Flow.Expr("Literal", "00:00:30", "TimeSpan") })
            .Add("after", "Test.Step").Chain("d", "after").Build();
        var instance = await host.StartAsync(flow);
        Assert.Equal(host.Clock.GetUtcNow().AddSeconds(30), Assert.Single(instance.Bookmarks).ResumeAt);

        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await host.FireDueTimersAsync();

        Assert.Equal(WorkflowStatus.Finished, (await host.LoadAsync(instance.Id)).Status);
        Assert.Equal(["after"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task Cancel_drops_bookmarks_and_timers_and_a_later_stimulus_finds_nothing()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow().Add("w", "Test.Wait", new { key = "k", timeout = "00:01:00" }).Build();
        var instance = await host.StartAsync(flow);

        Assert.True(await host.InScope(r => r.CancelAsync(instance.Id)));
        Assert.False(await host.InScope(r => r.CancelAsync(instance.Id)));
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, await host.FireDueTimersAsync());
        Assert.Empty(await host.InScope(r => r.ResumeAsync(Wait.BookmarkName, new { key = "k" })));
        var stored = await host.LoadAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Cancelled, stored.Status);
        Assert.Contains(await host.JournalAsync(instance.Id), j => j.Event == "Cancelled");
    }

    [Fact]
    public async Task A_loop_re_executes_an_activity_with_a_fresh_bookmark()
    {
        await using var host = new WorkflowHost();
        // w waits; outcome B loops back to w (like an operator override re-running a stage); Done ends.
        var flow = new Flow().Add("start", "Test.Step").Add("w", "Test.Wait", new { key = "k" }).Add("end", "Test.Step")
            .Connect("start", "w").Connect("w", "w", "B").Connect("w", "end").Build();
        var instance = await host.StartAsync(flow);

        var again = await host.ResumeOneAsync("k", new { outcome = "B" });
        Assert.Equal(WorkflowStatus.Suspended, again.Instance!.Status);
        Assert.Single(again.Instance.Bookmarks);
        var done = await host.ResumeOneAsync("k");

        Assert.Equal(WorkflowStatus.Finished, done.Instance!.Status);
        Assert.Equal(["start", "w", "w:resumed", "w", "w:resumed", "end"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task Starting_a_definition_that_has_no_published_version_is_refused()
    {
        await using var host = new WorkflowHost();

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => host.InScope(r => r.StartAsync("missing")));

        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variable_declared_without_a_value_starts_as_null()
    {
        await using var host = new WorkflowHost();
        var definition = new Flow().Add("a", "Test.Step").Build();
        definition.Variables.Add(new Definitions.VariableDefinition { Id = "v", Name = "empty" });

        var instance = await host.StartAsync(definition);

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await host.LoadAsync(instance.Id)).Variables["empty"].ValueKind);
    }
}
