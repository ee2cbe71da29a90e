namespace Vetting.Server.Web;

/// <summary>
/// Serves the operator dashboard (the Vite build of <c>web/</c>, copied to <c>wwwroot/</c> beside the binary) at
/// <c>/</c>: files as they are, fingerprinted <c>/assets/*</c> cached for a year and sent precompressed (br, gzip)
/// when the browser accepts it, and <c>index.html</c> for every other GET so client routes survive a reload.
/// Mapped as the lowest-priority fallback, so it never shadows an endpoint; the reserved prefixes below are
/// never answered with the app even when nothing else matched them.
/// </summary>
public static class WebUi
{
    private static readonly string[] Reserved = ["/api", "/pxe", "/elsa", "/studio", "/healthz", "/metrics", "/openapi"];

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app, string? root = null)
    {
        var folder = Path.GetFullPath(root ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.MapFallback("{**path}", (HttpContext http) => Serve(http, folder)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, string folder)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        if (Reserved.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return Http.Problems.NotFound($"nothing is served at {Http.SafeText.Excerpt(path, 80)}");
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            return Http.Problems.WithStatus(StatusCodes.Status405MethodNotAllowed, "the dashboard only answers GET");

        var index = Path.Combine(folder, "index.html");
        if (!File.Exists(index))
            return Results.Content(MissingUiPage.Html, "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);

        if (StaticAssets.FileUnder(folder, path) is { } file)
            return StaticAssets.Send(http, file, immutable: request.Path.StartsWithSegments("/assets"));

        // A path with an extension names a file: a missing one is a 404, not the app (a broken <script> must fail loudly).
        if (Path.HasExtension(path))
            return Http.Problems.NotFound($"no file {Http.SafeText.Excerpt(path, 80)}");
        return StaticAssets.Send(http, index, immutable: false);
    }
}
