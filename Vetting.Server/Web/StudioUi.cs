using System.Text.RegularExpressions;

namespace Vetting.Server.Web;

/// <summary>
/// Serves Elsa Studio 3.8.2 at <c>/studio/</c> from <c>wwwroot/studio</c> (copied there by the web build; see
/// web/scripts/studio.ts): its files as they are, precompressed, fingerprinted names cached for a year, and our host page
/// (web/studio/index.html) for every path without an extension, so <c>/studio/definitions/{id}</c> survives a reload.
/// Its own page keeps Studio's global CSS (MudBlazor, Radzen) away from the dashboard.
/// </summary>
public static partial class StudioUi
{
    public const string Prefix = "/studio";

    public static IEndpointRouteBuilder MapStudio(this IEndpointRouteBuilder app, string? root = null)
    {
        var folder = Path.GetFullPath(Path.Combine(root ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"), "studio"));
        app.MapMethods(Prefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string? path) => Serve(http, folder, path ?? ""))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, string folder, string path)
    {
        // The host page's <base href="/studio/"> needs the slash; routing matches /studio without it too.
        if (!http.Request.Path.Value!.EndsWith('/') && path.Length == 0)
            return Results.Redirect(Prefix + "/");
        var hostPage = Path.Combine(folder, "index.html");
        if (!File.Exists(hostPage))
            return Results.Content(MissingUiPage.Html, "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);

        if (StaticAssets.FileUnder(folder, path) is { } file)
            return StaticAssets.Send(http, file, immutable: Fingerprinted().IsMatch(path));

        if (Path.HasExtension(path))
            return Http.Problems.NotFound($"no file {Http.SafeText.Excerpt(Prefix + "/" + path, 80)}");
        return StaticAssets.Send(http, hostPage, immutable: false);
    }

    /// <summary>Names that change with their content: Blazor's <c>name.0123456789.wasm</c> and Monaco's <c>name-AbCd1234.js</c>.</summary>
    [GeneratedRegex(@"(\.[a-z0-9]{10}\.[a-z]+|-[A-Za-z0-9_]{8}\.js)$")]
    private static partial Regex Fingerprinted();
}
