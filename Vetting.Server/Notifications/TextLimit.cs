namespace Vetting.Server.Notifications;

internal static class TextLimit
{
    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="max"/> UTF-16 units, ending with an ellipsis so the reader
    /// knows there was more. Never splits a surrogate pair: half an emoji makes the whole payload invalid UTF-8.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
