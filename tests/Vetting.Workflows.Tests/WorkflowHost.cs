using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vetting.Workflows.Definitions;
using Vetting.Workflows.Hosting;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Workflows.Tests;

/// <summary>A service provider with the runtime, the test activities and a fake clock; one per test.</summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    public WorkflowHost(Action<IServiceCollection>? configure = null, FakeTimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Trace>();
        services.AddWorkflows(w => w.AddActivity<Step>().AddActivity<Emit>().AddActivity<Wait>().AddActivity<Fail>());
        configure?.Invoke(services);
        Services = services.BuildServiceProvider(validateScopes: true);
    }

    public FakeTimeProvider Clock { get; }
    public ServiceProvider Services { get; }
    public Trace Trace => Services.GetRequiredService<Trace>();

    /// <summary>Runs <paramref name="action"/> with a runtime from a fresh scope, as a request would.</summary>
    public async Task<T> InScope<T>(Func<WorkflowRuntime, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<WorkflowRuntime>());
    }

    public async Task<T> WithDefinitions<T>(Func<WorkflowDefinitionService, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>());
    }

    /// <summary>Stores the definition (as the importer would) and starts it.</summary>
    public async Task<WorkflowInstance> StartAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, object?>? input = null)
    {
        await WithDefinitions(async d => await d.ImportAsync(definition));
        return await InScope(async r => await r.StartAsync(definition.DefinitionId, input));
    }

    public Task<ResumeResult> ResumeOneAsync(string key, object? input = null) =>
        InScope(async r => (await r.ResumeAsync(Wait.BookmarkName, new { key }, input)).Single());

    /// <summary>One pass of the production timer service over this host's store.</summary>
    public Task<int> FireDueTimersAsync() => ActivatorUtilities.CreateInstance<WorkflowTimerService>(Services).FireDueAsync();

    public Task<WorkflowInstance> LoadAsync(string id) => InScope(async r => (await r.FindAsync(id))!);

    public Task<IReadOnlyList<JournalEntry>> JournalAsync(string id) => InScope(async r => await r.GetJournalAsync(id));

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
