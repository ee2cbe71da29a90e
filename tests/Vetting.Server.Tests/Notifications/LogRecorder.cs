using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vetting.Server.Tests.Notifications;

internal sealed record LogEntry(LogLevel Level, string Category, string Message);

/// <summary>Keeps every log line, because for notifiers the log is the product: it is all an operator gets when delivery fails.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The "notify:" lines an operator would grep for, with their level.</summary>
    public IReadOnlyList<string> NotifyLines => [.. _entries.Where(e => e.Message.StartsWith("notify:", StringComparison.Ordinal)).Select(e => $"{e.Level}: {e.Message}")];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception)));
    }
}
