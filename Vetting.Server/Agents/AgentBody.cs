using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Vetting.Server.Http;

namespace Vetting.Server.Agents;

/// <summary>
/// Agent request bodies are read by the handlers with the protocol's own JSON contract (shared with the NativeAOT
/// agent), so a malformed one is answered here with a problem that says what was wrong.
/// </summary>
internal static class AgentBody
{
    public static async Task<(T? Value, ProblemHttpResult? Error)> ReadJsonAsync<T>(HttpContext http, JsonTypeInfo<T> type,
        CancellationToken cancellationToken) where T : class
    {
        if (!(http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return (null, Problems.UnsupportedMediaType("send the body as application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(http.Request.Body, type, cancellationToken);
            return value is null
                ? (null, Problems.BadRequest("the body is empty (null)"))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"invalid JSON body: {e.Message}"));
        }
    }
}
