using Microsoft.AspNetCore.Http.Features;
using Vetting.Server.Http;

namespace Vetting.Server.Security;

/// <summary>
/// Caps operator request bodies at <see cref="MaxBytes"/> (413 with problem+json): no operator call needs more (a
/// workflow definition is tens of KB, a host's spec at most 64 KiB), and a few concurrent multi-MB posts were enough to
/// exhaust a small LXC's heap. The agent API sets its own limits per endpoint (results, logs, artifacts).
/// </summary>
internal sealed class OperatorBodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBytes = 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (AgentEndpoint.Is(context))
            return next(context);
        if (context.Request.ContentLength > MaxBytes)
            return Problems.WithStatus(StatusCodes.Status413PayloadTooLarge,
                $"The request body is {context.Request.ContentLength} bytes; operator requests may be at most {MaxBytes} bytes (1 MiB).").ExecuteAsync(context);
        // A chunked body has no length up front: the server stops reading it at the limit (BadHttpRequestException → 413).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBytes;
        return next(context);
    }
}
