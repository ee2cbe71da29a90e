using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vetting.Protocol;

namespace Vetting.Server.Tests.Support;

/// <summary>
/// Speaks the agent protocol the way the real agent does: fetch the iPXE script (as the node would), say hello,
/// long-poll for instructions, upload artifacts, post results. What each stage reports is up to the test.
/// </summary>
public sealed partial class SimulatedAgent(HttpClient http, string mac)
{
    /// <summary>The connection to the orchestrator; swapped when a test restarts the orchestrator.</summary>
    public HttpClient Http { get; set; } = http;

    public int RunId { get; private set; }
    public string Token { get; private set; } = "";
    public string BootId { get; set; } = Guid.NewGuid().ToString();
    public List<Instruction> Received { get; } = [];

    /// <summary>
    /// How long <see cref="NextAsync"/> asks the server to hold a poll open (<c>waitSeconds</c>). The real agent waits
    /// 30 s; tests keep 0 and poll, so a missing instruction fails them fast.
    /// </summary>
    public int WaitSeconds { get; set; }

    /// <summary>What to answer for a stage instruction; the default passes with one measurement.</summary>
    public Func<Instruction, StageResult> OnStage { get; set; } = i => Results.Pass(i.Stage!);

    [GeneratedRegex(@"vetting\.run=(\d+) vetting\.token=([A-Za-z0-9_-]+)")]
    private static partial Regex KernelArgs();

    /// <summary>Fetches the boot script like iPXE would and takes the run id and token from its kernel line.</summary>
    public async Task<string> BootAsync()
    {
        var script = await Http.GetStringAsync($"/pxe/boot.ipxe?mac={mac}");
        var match = KernelArgs().Match(script);
        if (!match.Success)
        {
            throw new InvalidOperationException("the boot script has no vetting.run/vetting.token:\n" + script);
        }

        RunId = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Token = match.Groups[2].Value;
        return script;
    }

    public Task<HttpResponseMessage> HelloAsync() => SendAsync(HttpMethod.Post, "hello", JsonContent.Create(new HelloRequest
    {
        AgentVersion = "sim-1",
        BootId = BootId,
        Hostname = "sim-node",
        Ip = "10.77.0.50",
        Macs = [mac],
        Kernel = "6.1.0-test",
    }, ProtocolJsonContext.Default.HelloRequest));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, $"/api/v1/runs/{RunId}/{path}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        return Http.SendAsync(request);
    }

    /// <summary>One poll: null when nothing is waiting.</summary>
    public async Task<Instruction?> NextAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"next?waitSeconds={WaitSeconds}"));
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var instruction = (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.Instruction))!;
        Received.Add(instruction);
        return instruction;
    }

    /// <summary>Polls until an instruction arrives (bounded).</summary>
    public async Task<Instruction> WaitForInstructionAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (await NextAsync() is { } instruction)
            {
                return instruction;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no instruction for run {RunId} within the time allowed");
    }

    public async Task<HttpResponseMessage> PostResultAsync(string instructionId, StageResult result)
    {
        foreach (var artifact in result.Artifacts)
        {
            using var upload = await SendAsync(HttpMethod.Put, $"artifacts/{artifact}", new StringContent($"raw output of {artifact}\n"));
            upload.EnsureSuccessStatusCode();
        }

        return await SendAsync(HttpMethod.Post, $"instructions/{instructionId}/result",
            JsonContent.Create(result, ProtocolJsonContext.Default.StageResult));
    }

    /// <summary>Answers stage instructions until one of another kind (hold, poweroff) arrives, and returns it.</summary>
    public async Task<Instruction> RunStagesAsync(TimeSpan? within = null)
    {
        while (true)
        {
            var instruction = await WaitForInstructionAsync(within);
            if (instruction.Kind != InstructionKinds.Stage)
            {
                return instruction;
            }

            using var response = await PostResultAsync(instruction.InstructionId, OnStage(instruction));
            response.EnsureSuccessStatusCode();
        }
    }

    public static class Results
    {
        public static StageResult Pass(string stage) => new()
        {
            Status = StageStatuses.Passed,
            Summary = $"{stage} ok",
            Measurements = [new Measurement { Name = $"{stage}_score", Device = stage == "storage" ? "vda" : null, Value = 100, Unit = "points" }],
            Inventory = stage == StageNames.Inventory ? Inventories.FourGiBVm() : null,
            Artifacts = [$"{stage}.log"],
        };

        public static StageResult Error(string reason, string message) => Fail(reason, message) with { Status = StageStatuses.Error };

        public static StageResult Fail(string reason, string message) => new()
        {
            Status = StageStatuses.Failed,
            Summary = message,
            Failure = new StageFailure { Reason = reason, Message = message },
        };
    }
}
