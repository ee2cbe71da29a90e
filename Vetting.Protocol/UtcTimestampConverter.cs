using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vetting.Protocol;

/// <summary>
/// Writes timestamps in UTC with a <c>Z</c> suffix, as the contract's examples do, instead of the
/// default <c>+00:00</c>; any ISO 8601 offset is still accepted on read. Applied per property so it
/// holds whichever serializer options the host uses.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
