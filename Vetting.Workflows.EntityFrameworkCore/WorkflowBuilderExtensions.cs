using Microsoft.EntityFrameworkCore;
using Vetting.Workflows.Hosting;

namespace Vetting.Workflows.EntityFrameworkCore;

public static class WorkflowBuilderExtensions
{
    /// <summary>Stores instances, bookmarks, journals and definitions in <typeparamref name="TContext"/>'s database.</summary>
    public static WorkflowBuilder UseEntityFrameworkCore<TContext>(this WorkflowBuilder builder) where TContext : DbContext =>
        builder.UseStores<EfWorkflowInstanceStore<TContext>, EfWorkflowDefinitionStore<TContext>>();
}
