using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Vetting.Server.Web;

/// <summary>
/// How the dashboard and Elsa Studio send their files: only from under their folder, precompressed (<c>.br</c>, then
/// <c>.gz</c>) when the browser accepts it, with an ETag for revalidation and a year of caching for fingerprinted names.
/// </summary>
internal static class StaticAssets
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    /// <summary>The file <paramref name="relativePath"/> names under <paramref name="folder"/>, or null (also for any escape attempt).</summary>
    public static string? FileUnder(string folder, string relativePath)
    {
        if (relativePath.Contains("..", StringComparison.Ordinal) || relativePath.Contains('\\') || relativePath.EndsWith('/') || relativePath.Contains('\0'))
            return null;
        var full = Path.GetFullPath(Path.Combine(folder, relativePath.TrimStart('/')));
        return full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    public static IResult Send(HttpContext http, string file, bool immutable)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (!ContentTypes.TryGetContentType(file, out var type))
            type = "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript" or "application/json")
            type += "; charset=utf-8";

        var sent = file;
        var accepted = StringWithQualityHeaderValue.TryParseList([.. http.Request.Headers.AcceptEncoding.OfType<string>()], out var list)
            ? list.Where(e => (e.Quality ?? 1) > 0).Select(e => e.Value.Value).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (accepted.Contains(encoding) && File.Exists(file + suffix))
            {
                sent = file + suffix;
                headers.ContentEncoding = encoding;
                break;
            }
        }

        headers.Vary = HeaderNames.AcceptEncoding;
        var info = new FileInfo(sent);
        var etag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(sent, type, lastModified: info.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: false);
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        // Blazor's ICU data and webcil assemblies.
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".wasm"] = "application/wasm";
        return provider;
    }
}
