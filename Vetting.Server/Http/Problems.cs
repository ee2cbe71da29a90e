using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Vetting.Server.Http;

/// <summary>
/// <c>application/problem+json</c> answers for handlers and middleware. <c>type</c> and <c>title</c> are left
/// to the framework's per-status defaults so they match the problems it writes itself for 404, 405 and 500.
/// </summary>
public static class Problems
{
    /// <summary>
    /// 400 with per-field messages, e.g. <c>{"name": ["1 to 63 of [A-Za-z0-9._-]"]}</c>; another status where the
    /// request is well-formed but refused (403, 409) and the client shows an <c>errors</c> map (Elsa Studio does).
    /// </summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null, string? title = null,
        int statusCode = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = statusCode,
            Title = title ?? "One or more validation errors occurred.",
            // Clients that print only `detail` (the CLI, curl users) still learn which fields to fix.
            Detail = detail ?? $"Invalid {string.Join(", ", errors.Keys)}.",
        });
    }

    /// <summary>400 naming one field, e.g. a query parameter out of range.</summary>
    public static ProblemHttpResult Field(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>409 for an action this server does not take, saying why, in the <c>errors</c> form clients such as Elsa Studio show.</summary>
    public static ProblemHttpResult Refused(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "Not supported here", statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult BadRequest(string detail) => WithStatus(StatusCodes.Status400BadRequest, detail);

    public static ProblemHttpResult Forbidden(string detail) => WithStatus(StatusCodes.Status403Forbidden, detail);

    public static ProblemHttpResult NotFound(string detail) => WithStatus(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) => WithStatus(StatusCodes.Status409Conflict, detail);

    /// <summary>A 409 with extension members a client can act on (the site that owns a run and its URL).</summary>
    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?> extensions)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Detail = detail };
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult UnsupportedMediaType(string detail) => WithStatus(StatusCodes.Status415UnsupportedMediaType, detail);

    /// <summary>Any other status, e.g. 401, 410 or 413 for the agent API.</summary>
    public static ProblemHttpResult WithStatus(int statusCode, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = statusCode, Detail = detail });
}
