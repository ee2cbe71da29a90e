using System.Text;

namespace Vetting.Server.Reports.Html;

internal static class HtmlText
{
    public const string UnknownMarkup = "<span class=\"unknown\">unknown</span>";

    /// <summary>
    /// Escapes the five characters that matter in text and in quoted attributes and leaves the rest as
    /// UTF-8: the page declares its charset, and names like "Größe" stay readable in the source.
    /// </summary>
    public static void Append(StringBuilder buffer, string? text)
    {
        if (text is null)
        {
            buffer.Append(UnknownMarkup);
            return;
        }

        foreach (var c in text)
        {
            switch (c)
            {
                case '&': buffer.Append("&amp;"); break;
                case '<': buffer.Append("&lt;"); break;
                case '>': buffer.Append("&gt;"); break;
                case '"': buffer.Append("&quot;"); break;
                case '\'': buffer.Append("&#39;"); break;
                default: buffer.Append(c); break;
            }
        }
    }

    public static string Encode(string text)
    {
        var buffer = new StringBuilder(text.Length);
        Append(buffer, text);
        return buffer.ToString();
    }
}
