using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Vetting.Server.Http;

/// <summary>
/// Turns <see cref="BadHttpRequestException"/> (unreadable JSON body, unbindable route or query value, body too
/// large) into a problem with that status and a detail naming what was wrong, instead of a generic 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;

        httpContext.Response.StatusCode = badRequest.StatusCode;
        // A client whose Accept excludes JSON still gets the status; the exception is handled either way.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = badRequest.StatusCode, Detail = Describe(badRequest) },
            Exception = exception,
        });
        return true;
    }

    // For bodies the outer message only names the handler's C# parameter; the JSON reader's message carries the
    // position ("... Path: $.mac | LineNumber: 0 | BytePositionInLine: 9."), which is what a client needs to fix
    // its body. It describes the client's own input, so it is safe to echo.
    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json ? $"Invalid JSON body: {json.Message}" : exception.Message;
}
