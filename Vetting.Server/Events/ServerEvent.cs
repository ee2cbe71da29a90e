namespace Vetting.Server.Events;

/// <summary>One published event, already encoded as its <c>text/event-stream</c> frame.</summary>
/// <remarks>The frame is built once at publish time so fan-out to many connections only copies bytes.</remarks>
public sealed record ServerEvent(long Id, string Name, ReadOnlyMemory<byte> Frame);
