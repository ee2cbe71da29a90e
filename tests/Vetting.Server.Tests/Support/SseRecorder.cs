using System.Text.Json;

namespace Vetting.Server.Tests.Support;

/// <summary>Reads /api/v1/events in the background and keeps every event it saw.</summary>
public sealed class SseRecorder : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string Event, JsonElement Data)> _events = [];
    private readonly Task _reader;

    private SseRecorder(Stream stream) => _reader = Task.Run(() => ReadAsync(stream));

    public static async Task<SseRecorder> StartAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new SseRecorder(await response.Content.ReadAsStreamAsync());
    }

    /// <summary>
    /// States of one run in the order announced (a repeat of the same state — another change to the run — is folded),
    /// waiting (bounded) until <paramref name="until"/> shows up.
    /// </summary>
    public async Task<List<string>> StatesOfAsync(int runId, string until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            List<string> states;
            lock (_events)
            {
                states = _events.Where(e => e.Event == "run" && e.Data.GetProperty("id").GetInt32() == runId)
                    .Select(e => e.Data.GetProperty("state").GetString()!)
                    .Aggregate(new List<string>(), (list, state) =>
                    {
                        if (list.Count == 0 || list[^1] != state)
                        {
                            list.Add(state);
                        }

                        return list;
                    });
            }

            if (states.Contains(until) || DateTime.UtcNow > deadline)
            {
                return states;
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Whether an event named <paramref name="name"/> that <paramref name="matches"/> arrived, waiting (by default up to 10 s) for it.</summary>
    public async Task<bool> SawAsync(string name, Func<JsonElement, bool> matches, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (_events)
            {
                if (_events.Any(e => e.Event == name && matches(e.Data)))
                {
                    return true;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }
    }

    private async Task ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        string? name = null;
        try
        {
            while (!_stop.IsCancellationRequested && await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal) && name is not null)
                {
                    var data = JsonDocument.Parse(line[5..].Trim()).RootElement.Clone();
                    lock (_events)
                    {
                        _events.Add((name, data));
                    }
                }
                else if (line.Length == 0)
                {
                    name = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
