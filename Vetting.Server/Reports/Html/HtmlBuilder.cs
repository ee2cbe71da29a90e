using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vetting.Server.Reports.Html;

/// <summary>
/// Accumulates the page. Every interpolation hole is HTML-escaped unless it is <see cref="Markup"/>, so
/// a host name, stage summary or tool message can never inject markup by being forgotten; a null hole
/// renders as a styled "unknown" because the inventory contract uses null for exactly that.
/// </summary>
internal sealed class HtmlBuilder
{
    internal StringBuilder Buffer { get; } = new();

    public HtmlBuilder Append([InterpolatedStringHandlerArgument("")] ref HtmlInterpolatedStringHandler handler) => this;

    public override string ToString() => Buffer.ToString();
}

/// <summary>Trusted markup produced by this renderer, written without escaping.</summary>
internal readonly record struct Markup(string Html)
{
    public static Markup Empty { get; } = new("");
}

[InterpolatedStringHandler]
internal readonly ref struct HtmlInterpolatedStringHandler
{
    private readonly StringBuilder _buffer;

    public HtmlInterpolatedStringHandler(int literalLength, int formattedCount, HtmlBuilder builder)
    {
        _buffer = builder.Buffer;
        _buffer.EnsureCapacity(_buffer.Length + literalLength + (formattedCount * 16));
    }

    public void AppendLiteral(string value) => _buffer.Append(value);

    public void AppendFormatted(Markup markup) => _buffer.Append(markup.Html);

    public void AppendFormatted(string? value) => HtmlText.Append(_buffer, value);

    public void AppendFormatted<T>(T value, string? format = null)
    {
        var text = value switch
        {
            null => null,
            IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        HtmlText.Append(_buffer, text);
    }
}
