using System.Text.Json.Nodes;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;

namespace Vetting.Agent.Tests.Support;

public static class Contexts
{
    public const string WorkDirectory = "/work";

    public static StageContext For(IToolRunner tools, ISystemFiles files, string parametersJson = "{}", string? scratchDirectory = null, List<string>? log = null, TimeProvider? time = null) => new()
    {
        Parameters = new StageParameters((JsonObject)JsonNode.Parse(parametersJson)!),
        Tools = tools,
        Files = files,
        Time = time ?? TimeProvider.System,
        WorkDirectory = WorkDirectory,
        Progress = new ProgressTracker(time ?? TimeProvider.System),
        ScratchDirectory = scratchDirectory,
        Log = line => log?.Add(line),
    };
}
