using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vetting.Workflows.Definitions;

namespace Vetting.Workflows.Runtime;

/// <summary>
/// A suspended activity waiting for a stimulus (found by <see cref="Name"/> + <see cref="Hash"/>) or for a time
/// (<see cref="ResumeAt"/>), or for whichever comes first.
/// </summary>
public sealed record Bookmark(
    string Id,
    string InstanceId,
    string ActivityId,
    string Name,
    string Hash,
    JsonElement? Payload,
    DateTimeOffset? ResumeAt,
    DateTimeOffset CreatedAt);

/// <summary>Where a bookmark lives, as returned by store look-ups.</summary>
public sealed record BookmarkRef(string InstanceId, string BookmarkId);

public static class BookmarkHash
{
    /// <summary>
    /// Hash of a bookmark name and its stimulus. The stimulus is canonicalised (property order does not matter), so the
    /// code that suspends and the code that resumes only need to agree on values.
    /// </summary>
    public static string Compute(string name, object? stimulus)
    {
        var element = stimulus switch
        {
            null => default,
            JsonElement e => e,
            _ => JsonSerializer.SerializeToElement(stimulus, WorkflowJson.Compact),
        };
        var text = new StringBuilder(name).Append('\n');
        if (element.ValueKind != JsonValueKind.Undefined)
        {
            CanonicalJson.Write(element, text);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
