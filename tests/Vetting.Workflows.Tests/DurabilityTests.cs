using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Hosting;
using Vetting.Workflows.Runtime;

namespace Vetting.Workflows.Tests;

/// <summary>Instances on a SQLite file survive their process: every host here is thrown away and a new one carries on.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly SqliteFile _db = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _db.Dispose();

    private static Flow WaitThenStep(string timeout = "00:10:00") =>
        new Flow("durable").Add("w", "Test.Wait", new { key = "k", timeout }).Add("ok", "Test.Step").Add("late", "Test.Step")
            .Connect("w", "ok").Connect("w", "late", "TimedOut");

    [Fact]
    public async Task A_suspended_instance_resumes_in_a_new_process_and_finishes()
    {
        string id;
        await using (var first = _db.NewHost(_clock))
        {
            id = (await first.StartAsync(WaitThenStep().Build())).Id;
        }

        await using var second = _db.NewHost(_clock);
        var result = await second.ResumeOneAsync("k");

        Assert.Equal(ResumeStatus.Resumed, result.Status);
        Assert.Equal(WorkflowStatus.Finished, (await second.LoadAsync(id)).Status);
        Assert.Equal(["w:resumed", "ok"], second.Trace.Of(id));
        var journal = await second.JournalAsync(id);
        Assert.Equal(["Started", "Completed"], journal.Where(j => j.ActivityId == null || j.ActivityId == "w").Select(j => j.Event).Take(1)
            .Concat(journal.Where(j => j.ActivityId == "w" && j.Event == "Completed").Select(j => j.Event)));
        Assert.Equal("Finished", journal[^1].Event);
    }

    [Fact]
    public async Task A_timer_that_fell_due_while_down_fires_exactly_once_after_restart()
    {
        string id;
        await using (var first = _db.NewHost(_clock))
        {
            id = (await first.StartAsync(WaitThenStep().Build())).Id;
        }

        _clock.Advance(TimeSpan.FromHours(2));
        await using var second = _db.NewHost(_clock);
        await using var third = _db.NewHost(_clock);
        // Two timer passes race (two hosts, so no shared in-process lock): the revision check lets one win.
        var fired = await Task.WhenAll(second.FireDueTimersAsync(), third.FireDueTimersAsync());
        var again = await second.FireDueTimersAsync();

        Assert.Equal(1, fired.Sum());
        Assert.Equal(0, again);
        Assert.Equal(WorkflowStatus.Finished, (await second.LoadAsync(id)).Status);
        var timerLines = (await second.JournalAsync(id)).Count(j => j.Event == "TimerFired");
        Assert.Equal(1, timerLines);
        Assert.Equal(1, second.Trace.Of(id).Count(x => x == "late") + third.Trace.Of(id).Count(x => x == "late"));
    }

    [Fact]
    public async Task The_timer_service_fires_due_timers_on_its_own()
    {
        await using var host = _db.NewHost(_clock, s =>
        {
            s.AddWorkflows(w => w.AddTimers());
            s.Configure<WorkflowRuntimeOptions>(o => o.TimerPollInterval = TimeSpan.FromMilliseconds(50));
        });
        var instance = await host.StartAsync(WaitThenStep("00:00:00.200").Build());
        var service = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single();
        await service.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            // The service sleeps on the (fake) clock: move time forward in small steps as a real clock would.
            while ((await host.LoadAsync(instance.Id)).Status != WorkflowStatus.Finished && DateTime.UtcNow < deadline)
            {
                _clock.Advance(TimeSpan.FromMilliseconds(50));
                await Task.Delay(20);
            }
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal(WorkflowStatus.Finished, (await host.LoadAsync(instance.Id)).Status);
        Assert.Contains("late", host.Trace.Of(instance.Id));
    }

    [Fact]
    public async Task Concurrent_resumes_of_one_bookmark_let_exactly_one_win()
    {
        await using var host = _db.NewHost(_clock);
        var instance = await host.StartAsync(WaitThenStep().Build());
        var bookmark = instance.Bookmarks[0].Id;

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => host.InScope(r => r.ResumeBookmarkAsync(instance.Id, bookmark)))));

        Assert.Single(results, r => r.Status == ResumeStatus.Resumed);
        Assert.Equal(7, results.Count(r => r.Status == ResumeStatus.AlreadyResumed));
        Assert.Single(host.Trace.Of(instance.Id), x => x == "ok");
    }

    [Fact]
    public async Task Concurrent_resumes_from_two_processes_let_exactly_one_win()
    {
        await using var a = _db.NewHost(_clock);
        await using var b = _db.NewHost(_clock);
        var instance = await a.StartAsync(WaitThenStep().Build());
        var bookmark = instance.Bookmarks[0].Id;

        var results = await Task.WhenAll(
            Task.Run(() => a.InScope(r => r.ResumeBookmarkAsync(instance.Id, bookmark))),
            Task.Run(() => b.InScope(r => r.ResumeBookmarkAsync(instance.Id, bookmark))));

        Assert.Single(results, r => r.Status == ResumeStatus.Resumed);
        Assert.Single(results, r => r.Status == ResumeStatus.AlreadyResumed);
        // Across processes the loser may have run its activities, but none of its step was committed.
        Assert.Single(await a.JournalAsync(instance.Id), j => j.ActivityId == "ok");
    }

    [Fact]
    public async Task A_hundred_instances_resume_in_parallel_and_all_finish()
    {
        await using var host = _db.NewHost(_clock);
        var definition = new Flow("many").Add("w", "Test.Wait", new { key = Flow.Expr("JavaScript", "getInput('key')") }).Add("ok", "Test.Step").Chain("w", "ok").Build();
        await host.WithDefinitions(async d => await d.ImportAsync(definition));
        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add((await host.InScope(r => r.StartAsync("many", new Dictionary<string, object?> { ["key"] = $"n{i}" }))).Id);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => host.ResumeOneAsync($"n{i}"))));

        Assert.All(results, r => Assert.Equal(ResumeStatus.Resumed, r.Status));
        foreach (var id in ids)
        {
            Assert.Equal(WorkflowStatus.Finished, (await host.LoadAsync(id)).Status);
        }
    }

    [Fact]
    public async Task A_domain_change_made_by_an_activity_commits_with_the_step()
    {
        await using var host = _db.NewHost(_clock, s => s.AddWorkflows(w => w.AddActivity<WriteNote>()));
        var flow = new Flow("notes").Add("w", "Test.Wait", new { key = "k" }).Add("note", "Test.WriteNote").Chain("w", "note").Build();
        var instance = await host.StartAsync(flow);

        await host.ResumeOneAsync("k");

        await using var db = new TestDbContext(_db.Options());
        Assert.Equal(["written by " + instance.Id], await db.Notes.Select(n => n.Text).ToListAsync());
    }

    [Fact]
    public async Task A_step_that_loses_a_race_commits_none_of_its_domain_changes()
    {
        await using var a = _db.NewHost(_clock, s => s.AddWorkflows(w => w.AddActivity<WriteNote>()));
        await using var b = _db.NewHost(_clock, s => s.AddWorkflows(w => w.AddActivity<WriteNote>()));
        var flow = new Flow("notes").Add("w", "Test.Wait", new { key = "k" }).Add("note", "Test.WriteNote").Chain("w", "note").Build();
        var instance = await a.StartAsync(flow);
        var bookmark = instance.Bookmarks[0].Id;

        await Task.WhenAll(
            Task.Run(() => a.InScope(r => r.ResumeBookmarkAsync(instance.Id, bookmark))),
            Task.Run(() => b.InScope(r => r.ResumeBookmarkAsync(instance.Id, bookmark))));

        await using var db = new TestDbContext(_db.Options());
        Assert.Equal(1, await db.Notes.CountAsync());
    }

    [Fact]
    public async Task Definitions_and_versions_are_stored_in_the_database()
    {
        await using (var first = _db.NewHost(_clock))
        {
            await first.WithDefinitions(async d => await d.SaveDraftAsync(WaitThenStep().Build()));
            await first.WithDefinitions(async d => await d.PublishAsync("durable"));
            // A newer draft is stored beside it; runs still start on the published version.
            await first.WithDefinitions(async d => await d.SaveDraftAsync(WaitThenStep().Build()));
        }

        await using var second = _db.NewHost(_clock);
        var published = await second.WithDefinitions(async d => await d.FindPublishedAsync("durable"));
        var versions = await second.WithDefinitions(async d => await d.ListVersionsAsync("durable"));

        Assert.Equal((1, false, 3), (published!.Version, published.IsLatest, published.Root.Activities.Count));
        Assert.Equal([(1, true), (2, false)], versions.Select(v => (v.Version, v.IsPublished)));
    }
}

/// <summary>Adds a row to the host's domain table through the scope's DbContext, as vetting activities do.</summary>
[Activity("Test", "WriteNote", Category = "Test")]
public sealed class WriteNote : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.GetRequiredService<TestDbContext>().Notes.Add(new Note { Text = "written by " + context.Instance.Id });
        context.Complete(DoneOutcome);
        return ValueTask.CompletedTask;
    }
}
