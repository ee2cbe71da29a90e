using System.Globalization;
using System.Text;

namespace Vetting.Server.Events;

/// <summary>Encodes the text/event-stream wire format.</summary>
internal static class SseFrame
{
    /// <summary>A comment line: clients ignore it, proxies see traffic.</summary>
    public static ReadOnlyMemory<byte> Ping { get; } = ": ping\n\n"u8.ToArray();

    /// <param name="utf8Json">Single-line JSON: SSE ends a <c>data:</c> field at the first line break.</param>
    public static byte[] Encode(long id, string name, ReadOnlySpan<byte> utf8Json)
    {
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {id}\nevent: {name}\ndata: "));
        var frame = new byte[head.Length + utf8Json.Length + 2];
        head.CopyTo(frame, 0);
        utf8Json.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
