using Microsoft.AspNetCore.Mvc;

namespace Vetting.Server.Http;

/// <summary>Declares what endpoints answer, for <c>/openapi/v1.json</c>, where handlers return <c>IResult</c>.</summary>
public static class OpenApiMetadata
{
    /// <summary>Problems every agent endpoint may answer (token 401/403, ended run 410), plus <paramref name="others"/>.</summary>
    public static RouteHandlerBuilder AgentProblems(this RouteHandlerBuilder builder, params int[] others) =>
        builder.Problems([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status410Gone, .. others]);

    /// <summary>
    /// Documents the request body as <typeparamref name="T"/> in <paramref name="contentType"/> without the content-type
    /// check that <c>Accepts&lt;T&gt;</c> brings: the endpoint reads and validates its body itself.
    /// </summary>
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder, string contentType, bool required = true) =>
        builder.WithMetadata(new DocumentedBody(typeof(T), contentType, required));

    /// <summary>Each status as an <c>application/problem+json</c> response.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ProblemDetails>(status, "application/problem+json");
        }

        return builder;
    }
}

/// <summary>A request body shown in OpenAPI only (see <see cref="OpenApiMetadata.DocumentsBody{T}"/>).</summary>
public sealed record DocumentedBody(Type Type, string ContentType, bool Required);
