using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vetting.Server.Data;

/// <summary>
/// PostgreSQL's text cannot hold U+0000, and a parameter carrying one fails the whole command. Text from outside (a
/// hostile node's stage summary, a lookup by an id that came in a URL) may carry it, so on PostgreSQL every string
/// parameter has U+0000 replaced by U+FFFD before it is sent. Stored values never hold U+0000 then, and a lookup made
/// with one finds what was stored from the same text. SQLite keeps U+0000 as it is and needs no guard.
/// </summary>
public sealed class PostgresNulGuard : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    private static void Clean(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            if (parameter.Value is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                parameter.Value = text.Replace('\0', '\uFFFD');
            }
        }
    }
}
