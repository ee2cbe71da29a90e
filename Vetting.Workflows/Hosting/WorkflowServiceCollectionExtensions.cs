using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vetting.Workflows.Activities;
using Vetting.Workflows.Activities.BuiltIn;
using Vetting.Workflows.Persistence;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Workflows.Hosting;

public sealed class WorkflowBuilder(IServiceCollection services, ActivityRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    public WorkflowBuilder AddActivity<T>() where T : Activity, new()
    {
        registry.Register<T>();
        return this;
    }

    /// <summary>Runs the timer service in the host (delays and timeouts fire on their own).</summary>
    public WorkflowBuilder AddTimers()
    {
        Services.AddHostedService<WorkflowTimerService>();
        return this;
    }

    /// <summary>Replaces the in-memory stores; the EF Core package uses this.</summary>
    public WorkflowBuilder UseStores<TInstances, TDefinitions>()
        where TInstances : class, IWorkflowInstanceStore
        where TDefinitions : class, IWorkflowDefinitionStore
    {
        Services.Replace(ServiceDescriptor.Scoped<IWorkflowInstanceStore, TInstances>());
        Services.Replace(ServiceDescriptor.Scoped<IWorkflowDefinitionStore, TDefinitions>());
        return this;
    }
}

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers the runtime with the built-in Elsa activities and in-memory stores. The runtime is scoped so that
    /// a step commits through the caller's unit of work.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, Action<WorkflowBuilder>? configure = null)
    {
        // Calling again (e.g. a second module adding its activities) extends the existing registration.
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ActivityRegistry))?.ImplementationInstance is ActivityRegistry existing)
        {
            configure?.Invoke(new WorkflowBuilder(services, existing));
            return services;
        }

        var registry = new ActivityRegistry();
        registry.Register<FlowDecision>();
        registry.Register<FlowJoin>();
        registry.Register<Delay>();
        registry.Register<SetVariable>();
        registry.Register<Start>();
        registry.Register<End>();
        services.AddOptions<WorkflowRuntimeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton<InstanceLocks>();
        services.AddSingleton<DefinitionLocks>();
        services.AddSingleton<WorkflowGraphCache>();
        services.AddSingleton<InMemoryWorkflowInstanceStore>();
        services.AddSingleton<InMemoryWorkflowDefinitionStore>();
        services.TryAddScoped<IWorkflowInstanceStore>(sp => sp.GetRequiredService<InMemoryWorkflowInstanceStore>());
        services.TryAddScoped<IWorkflowDefinitionStore>(sp => sp.GetRequiredService<InMemoryWorkflowDefinitionStore>());
        services.AddScoped<WorkflowDefinitionService>();
        services.AddScoped<DefinitionImporter>();
        services.AddScoped<WorkflowRuntime>();
        configure?.Invoke(new WorkflowBuilder(services, registry));
        return services;
    }
}
