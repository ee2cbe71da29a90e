using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vetting.Workflows.Definitions;

/// <summary>Reads both of Elsa's connection shapes (3.0's flat one and 3.1+'s nested one) and writes the nested one.</summary>
internal sealed class ConnectionJsonConverter : JsonConverter<Connection>
{
    public override Connection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"a connection must be an object, not {element.ValueKind}");
        }

        var connection = new Connection();
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "source":
                    connection.Source = ReadEndpoint(property.Value, options, connection.Source);
                    break;
                case "target":
                    connection.Target = ReadEndpoint(property.Value, options, connection.Target);
                    break;
                case "sourcePort" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    connection.Source.Port = property.Value.GetString();
                    break;
                case "targetPort" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    connection.Target.Port = property.Value.GetString();
                    break;
                default:
                    (connection.Extra ??= [])[property.Name] = property.Value.Clone();
                    break;
            }
        }

        return connection;
    }

    public override void Write(Utf8JsonWriter writer, Connection value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("source");
        JsonSerializer.Serialize(writer, value.Source, options);
        writer.WritePropertyName("target");
        JsonSerializer.Serialize(writer, value.Target, options);
        foreach (var (name, extra) in value.Extra ?? [])
        {
            writer.WritePropertyName(name);
            extra.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>A nested endpoint object, or 3.0's bare activity id (keeping a port read from sourcePort/targetPort).</summary>
    private static Endpoint ReadEndpoint(JsonElement value, JsonSerializerOptions options, Endpoint current) => value.ValueKind switch
    {
        JsonValueKind.String => new Endpoint { Activity = value.GetString()!, Port = current.Port },
        JsonValueKind.Object => value.Deserialize<Endpoint>(options) ?? new Endpoint(),
        _ => throw new JsonException($"a connection's endpoint must be an activity id or {{activity, port}}, not {value.ValueKind}"),
    };
}
