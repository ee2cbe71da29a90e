using System.Text.Json;
using System.Text.Json.Nodes;
using Vetting.Activities.Specs;
using Vetting.Protocol;
using Vetting.Server.Configuration;

namespace Vetting.Server.Runs;

/// <summary>
/// What a stage instruction carries: the profile's parameters, then the activity's, then the expected spec's
/// thresholds (stage-wide and per device) and what the orchestrator itself decides (the override, the iperf3 server).
/// </summary>
public sealed class StageParameters(ServerOptions server, NetworkTestOptions networkTest)
{
    public JsonObject For(Run run, string stage, JsonObject profileParameters, JsonObject activityParameters)
    {
        var merged = new JsonObject { [InstructionParameters.Profile] = run.Profile };
        foreach (var source in new[] { profileParameters, activityParameters })
        {
            foreach (var (key, value) in source)
            {
                merged[key] = value?.DeepClone();
            }
        }

        var spec = string.IsNullOrWhiteSpace(run.ExpectedSpec) ? ExpectedSpec.Empty : ExpectedSpecParser.Parse(run.ExpectedSpec, ignoreUnknownThresholds: true);
        merged[InstructionParameters.Thresholds] = new JsonObject(spec.ThresholdsFor(stage).Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
        if (spec.DeviceThresholds.Any(d => d.Stage == stage) && run.InventoryJson is not null
            && JsonSerializer.Deserialize(run.InventoryJson, ProtocolJsonContext.Default.Inventory) is { } inventory)
        {
            merged[InstructionParameters.NicThresholds] = new JsonArray([.. spec.DeviceThresholds.Where(d => d.Stage == stage)
                .SelectMany(d => d.DeviceKeys(inventory).Select(mac => (JsonNode)new JsonObject
                {
                    ["mac"] = mac,
                    ["source"] = d.Path,
                    ["thresholds"] = new JsonObject(d.Values.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))),
                }))]);
        }

        if (stage == StageNames.Storage)
        {
            merged[InstructionParameters.AllowDestructive] = run.AllowDestructive;
        }

        if (stage == StageNames.Network)
        {
            merged["iperf3Port"] = networkTest.Iperf3Port;
            merged["iperf3Server"] = new Uri(server.EffectivePublicUrl).Host;
        }

        return merged;
    }
}
