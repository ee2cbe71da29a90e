using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

/// <summary>Forks, implicit joins (WaitAllActive) and Elsa.FlowJoin.</summary>
public sealed class JoinTests
{
    [Fact]
    public async Task Fork_runs_every_branch_and_implicit_join_waits_for_a_suspended_branch()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("start", "Test.Emit", new { outcomes = "A,B" })
            .Add("fast", "Test.Step").Add("slow", "Test.Wait", new { key = "slow" }).Add("join", "Test.Step")
            .Connect("start", "fast", "A").Connect("start", "slow", "B")
            .Connect("fast", "join").Connect("slow", "join")
            .Build();

        var instance = await host.StartAsync(flow);
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        Assert.DoesNotContain("join", host.Trace.Of(instance.Id));

        var resumed = await host.ResumeOneAsync("slow");

        Assert.Equal(WorkflowStatus.Finished, resumed.Instance!.Status);
        Assert.Single(host.Trace.Of(instance.Id), id => id == "join");
    }

    [Fact]
    public async Task Implicit_join_does_not_wait_for_a_branch_that_was_never_taken()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("decide", "Elsa.FlowDecision", new { condition = Flow.Expr("Literal", "true", "Boolean") })
            .Add("yes", "Test.Step").Add("no", "Test.Step").Add("after", "Test.Step")
            .Connect("decide", "yes", "True").Connect("decide", "no", "False")
            .Connect("yes", "after").Connect("no", "after")
            .Build();

        var instance = await host.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["yes", "after"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task FlowJoin_WaitAll_runs_once_after_every_active_branch()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("start", "Test.Emit", new { outcomes = "A,B,C" })
            .Add("w1", "Test.Wait", new { key = "one" }).Add("w2", "Test.Wait", new { key = "two" }).Add("s", "Test.Step")
            .Add("join", "Elsa.FlowJoin", new { mode = Flow.Expr("Literal", "WaitAll") }).Add("end", "Test.Step")
            .Connect("start", "w1", "A").Connect("start", "w2", "B").Connect("start", "s", "C")
            .Connect("w1", "join").Connect("w2", "join").Connect("s", "join").Connect("join", "end")
            .Build();

        var instance = await host.StartAsync(flow);
        await host.ResumeOneAsync("two");
        Assert.Equal(WorkflowStatus.Suspended, (await host.LoadAsync(instance.Id)).Status);
        var last = await host.ResumeOneAsync("one");

        Assert.Equal(WorkflowStatus.Finished, last.Instance!.Status);
        Assert.Single(host.Trace.Of(instance.Id), id => id == "end");
    }

    [Fact]
    public async Task FlowJoin_WaitAny_continues_on_the_first_branch_and_cancels_the_other()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("start", "Test.Emit", new { outcomes = "A,B" })
            .Add("w1", "Test.Wait", new { key = "first" }).Add("w2", "Test.Wait", new { key = "second" })
            .Add("join", "Elsa.FlowJoin", new { mode = "WaitAny" }).Add("end", "Test.Step")
            .Connect("start", "w1", "A").Connect("start", "w2", "B")
            .Connect("w1", "join").Connect("w2", "join").Connect("join", "end")
            .Build();

        var instance = await host.StartAsync(flow);
        var result = await host.ResumeOneAsync("first");

        Assert.Equal(WorkflowStatus.Finished, result.Instance!.Status);
        Assert.Empty(result.Instance.Bookmarks);
        Assert.Empty(await host.InScope(r => r.ResumeAsync(Wait.BookmarkName, new { key = "second" })));
        var journal = await host.JournalAsync(instance.Id);
        Assert.Contains(journal, j => j.Event == "Cancelled" && j.ActivityId == "w2");
    }

    [Fact]
    public async Task Chained_joins_each_run_once()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("start", "Test.Emit", new { outcomes = "A,B,C" })
            .Add("x", "Test.Step").Add("y", "Test.Step").Add("z", "Test.Step").Add("j1", "Test.Step").Add("j2", "Test.Step").Add("end", "Test.Step")
            .Connect("start", "x", "A").Connect("start", "y", "B").Connect("start", "z", "C")
            .Connect("x", "j1").Connect("y", "j1").Connect("j1", "j2").Connect("z", "j2").Connect("j2", "end")
            .Build();

        var instance = await host.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["start", "x", "y", "z", "j1", "j2", "end"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task FlowJoin_mode_may_come_from_a_variable()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Variable("mode", "WaitAny")
            .Add("start", "Test.Emit", new { outcomes = "A,B" })
            .Add("w1", "Test.Wait", new { key = "first" }).Add("w2", "Test.Wait", new { key = "second" })
            .Add("join", "Elsa.FlowJoin", new { mode = Flow.Expr("Variable", "mode") }).Add("end", "Test.Step")
            .Connect("start", "w1", "A").Connect("start", "w2", "B")
            .Connect("w1", "join").Connect("w2", "join").Connect("join", "end")
            .Build();

        await host.StartAsync(flow);
        var result = await host.ResumeOneAsync("first");

        Assert.Equal(WorkflowStatus.Finished, result.Instance!.Status);
    }

    [Fact]
    public async Task FlowJoin_without_a_mode_waits_for_the_first_branch_as_Elsa_3_does()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("start", "Test.Emit", new { outcomes = "A,B" })
            .Add("w1", "Test.Wait", new { key = "first" }).Add("w2", "Test.Wait", new { key = "second" })
            .Add("join", "Elsa.FlowJoin").Add("end", "Test.Step")
            .Connect("start", "w1", "A").Connect("start", "w2", "B")
            .Connect("w1", "join").Connect("w2", "join").Connect("join", "end")
            .Build();

        await host.StartAsync(flow);
        var result = await host.ResumeOneAsync("second");

        Assert.Equal(WorkflowStatus.Finished, result.Instance!.Status);
        Assert.Empty(result.Instance.Bookmarks);
    }

    [Fact]
    public async Task FlowJoin_WaitAll_waits_for_a_suspended_branch_but_not_for_a_loop_back_edge()
    {
        await using var host = new WorkflowHost();
        // entry -> join(WaitAll) <- wait; join -> decide; decide:True -> bump -> join (the loop's back-edge).
        var flow = new Flow()
            .Variable("n", 0)
            .Add("entry", "Test.Emit", new { outcomes = "A,B" })
            .Add("wait", "Test.Wait", new { key = "late" })
            .Add("join", "Elsa.FlowJoin", new { mode = Flow.Expr("Literal", "WaitAll") })
            .Add("decide", "Elsa.FlowDecision", new { condition = Flow.Expr("JavaScript", "getn() < 2", "Boolean") })
            .Add("bump", "Elsa.SetVariable", new { variable = "n", value = Flow.Expr("JavaScript", "getn() + 1") })
            .Add("done", "Test.Step")
            .Connect("entry", "join", "A").Connect("entry", "wait", "B").Connect("wait", "join")
            .Connect("join", "decide").Connect("decide", "bump", "True").Connect("bump", "join").Connect("decide", "done", "False")
            .Build();

        var instance = await host.StartAsync(flow);
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        Assert.Equal(0, instance.Variables["n"].GetInt32());
        var result = await host.ResumeOneAsync("late");

        Assert.Equal(WorkflowStatus.Finished, result.Instance!.Status);
        Assert.Equal(2, result.Instance.Variables["n"].GetInt32());
        Assert.Equal(["entry", "wait", "wait:resumed", "done"], host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task FlowJoin_WaitAll_after_a_branch_that_ended_elsewhere_is_skipped_while_WaitAllActive_runs()
    {
        await using var host = new WorkflowHost();
        var flow = new Flow()
            .Add("start", "Test.Emit", new { outcomes = "A,B" })
            .Add("w", "Test.Wait", new { key = "k" })
            .Add("strict", "Elsa.FlowJoin", new { mode = "WaitAll" }).Add("active", "Elsa.FlowJoin", new { mode = "WaitAllActive" })
            .Add("after-strict", "Test.Step").Add("after-active", "Test.Step").Add("elsewhere", "Test.Step")
            .Connect("start", "strict", "A").Connect("start", "active", "A").Connect("start", "w", "B")
            .Connect("w", "strict").Connect("w", "active").Connect("w", "elsewhere", "B")
            .Connect("strict", "after-strict").Connect("active", "after-active")
            .Build();

        var instance = await host.StartAsync(flow);
        Assert.Equal(["start", "w"], host.Trace.Of(instance.Id));
        await host.ResumeOneAsync("k", new { outcome = "B" });

        Assert.Equal(["start", "w", "w:resumed", "elsewhere", "after-active"], host.Trace.Of(instance.Id));
        Assert.Contains(await host.JournalAsync(instance.Id), j => j.Event == "Skipped" && j.ActivityId == "strict");
    }
}
