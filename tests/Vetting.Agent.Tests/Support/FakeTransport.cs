using System.Collections.Concurrent;
using Vetting.Agent.Transport;
using Vetting.Protocol;

namespace Vetting.Agent.Tests.Support;

/// <summary>
/// A scripted server. <c>next</c> answers from a queue (an instruction, null for 204, or an exception); once the
/// queue is empty it answers 410 so every loop under test ends. Every call is recorded in order.
/// </summary>
public sealed class FakeTransport : IAgentTransport
{
    private readonly ConcurrentQueue<Func<Instruction?>> _next = new();
    private readonly ConcurrentQueue<Exception> _helloFailures = new();
    private readonly List<string> _calls = [];

    public List<HeartbeatRequest> Heartbeats { get; } = [];

    public Dictionary<string, byte[]> Artifacts { get; } = [];

    public Dictionary<string, StageResult> Results { get; } = [];

    public List<string> LogLines { get; } = [];

    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Thrown by PUT artifacts for this name.</summary>
    public Dictionary<string, Exception> ArtifactFailures { get; } = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public FakeTransport Next(Instruction? instruction)
    {
        _next.Enqueue(() => instruction);
        return this;
    }

    public FakeTransport NextFails(Exception error)
    {
        _next.Enqueue(() => throw error);
        return this;
    }

    public FakeTransport HelloFails(Exception error)
    {
        _helloFailures.Enqueue(error);
        return this;
    }

    public Task<HelloResponse> HelloAsync(HelloRequest hello, CancellationToken cancellationToken)
    {
        Record("hello");
        if (_helloFailures.TryDequeue(out var error))
        {
            throw error;
        }

        return Task.FromResult(new HelloResponse { RunId = 7, HeartbeatSeconds = HeartbeatSeconds, ServerTime = DateTimeOffset.UtcNow });
    }

    public Task<Instruction?> NextAsync(int waitSeconds, CancellationToken cancellationToken)
    {
        Record("next");
        return _next.TryDequeue(out var answer) ? Task.FromResult(answer()) : throw new RunEndedException("410 Gone: run 7 has ended (Passed)");
    }

    /// <summary>When set, a heartbeat throws what this returns (e.g. 410 when the operator cancels the run).</summary>
    public Func<HeartbeatRequest, Exception?>? HeartbeatFailure { get; set; }

    public Task HeartbeatAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken)
    {
        Record("heartbeat");
        lock (Heartbeats)
        {
            Heartbeats.Add(heartbeat);
        }

        if (HeartbeatFailure?.Invoke(heartbeat) is { } error)
        {
            throw error;
        }

        return Task.CompletedTask;
    }

    public Task LogAsync(string text, CancellationToken cancellationToken)
    {
        Record("log");
        LogLines.Add(text);
        return Task.CompletedTask;
    }

    public Task PutArtifactAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Record("put " + name);
        if (ArtifactFailures.TryGetValue(name, out var error))
        {
            throw error;
        }

        Artifacts[name] = content.ToArray();
        return Task.CompletedTask;
    }

    /// <summary>An answer the server gives to a result instead of taking it, e.g. 410 when the run ended meanwhile.</summary>
    public Func<string, Exception?>? ResultFailure { get; set; }

    public Task PostResultAsync(string instructionId, StageResult result, CancellationToken cancellationToken)
    {
        Record("result " + instructionId);
        if (ResultFailure?.Invoke(instructionId) is { } error)
        {
            throw error;
        }

        Results[instructionId] = result;
        return Task.CompletedTask;
    }

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}
