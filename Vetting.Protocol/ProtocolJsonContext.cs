using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Vetting.Protocol.Hardware;

namespace Vetting.Protocol;

/// <summary>
/// Source-generated serializers for the wire contract, so the NativeAOT agent needs no reflection.
/// Required members and non-nullable annotations are enforced on read: a body missing a required
/// field fails to deserialize and the server answers 400. Unknown fields are ignored.
/// Nulls are written (inventory's unknown values are null by contract); optional message fields opt out
/// with their own <see cref="JsonIgnoreAttribute"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(HelloRequest))]
[JsonSerializable(typeof(HelloResponse))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(Instruction))]
[JsonSerializable(typeof(StageResult))]
[JsonSerializable(typeof(Inventory))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
