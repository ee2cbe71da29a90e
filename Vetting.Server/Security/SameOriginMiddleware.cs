using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Vetting.Server.Http;

namespace Vetting.Server.Security;

/// <summary>
/// CSRF defence for the login-less operator API: a state-changing request under <c>/api/v1/</c> or Elsa Studio's
/// <c>/elsa/api/</c> must not come from another site and must carry its body as <c>application/json</c>.
/// </summary>
internal sealed class SameOriginMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsOperatorMutation(context))
            return next(context);

        if (CrossSiteReason(request) is { } reason)
            return Problems.Forbidden(reason).ExecuteAsync(context);

        // HTML forms can only send form encodings and text/plain; JSON forces a CORS preflight, which this
        // server never grants, so a page elsewhere cannot deliver a body even where Origin checks fail.
        if (HasBody(context) && !IsJson(request.ContentType))
        {
            var sent = string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType;
            return Problems.UnsupportedMediaType($"Expected Content-Type application/json, got {sent}.").ExecuteAsync(context);
        }
        return next(context);
    }

    private static bool IsOperatorMutation(HttpContext context) =>
        (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)
            || HttpMethods.IsPatch(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method))
        && (context.Request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments(Designer.ElsaApi.Prefix, StringComparison.OrdinalIgnoreCase))
        && !AgentEndpoint.Is(context);

    private static string? CrossSiteReason(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
            return "Cross-site requests may not change anything here (Sec-Fetch-Site: cross-site).";

        // Browsers always send Origin on cross-origin writes. Without one the caller is curl or the CLI, which can
        // reach the LAN API directly anyway, and has no victim's browser to borrow.
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsSameOrigin(origin, request))
            return null;
        return $"Origin '{origin}' does not match this server ({request.Scheme}://{request.Host}).";
    }

    // Through Uri so that default ports and letter case compare equal (http://Vetting.lan == http://vetting.lan:80).
    // "null" (sandboxed frames, privacy redirects) is not a URI and therefore never matches.
    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var from)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.ToUriComponent()}", UriKind.Absolute, out var self)
        && Uri.Compare(from, self, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool HasBody(HttpContext context) => context.Request.ContentLength is { } length
        ? length > 0
        : context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
