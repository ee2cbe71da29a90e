using System.Text.Json;

namespace Vetting.Agent.Probes;

/// <summary>Parses <c>lsblk -J -b -o NAME,MODEL,SERIAL,WWN,SIZE,ROTA,TRAN,TYPE,MOUNTPOINTS</c> (util-linux 2.37+).</summary>
public static class LsblkParser
{
    public static readonly string[] Arguments = ["-J", "-b", "-o", "NAME,MODEL,SERIAL,WWN,SIZE,ROTA,TRAN,TYPE,MOUNTPOINTS"];

    /// <summary>The top-level devices, or null when the output is not lsblk JSON.</summary>
    public static IReadOnlyList<BlockDevice>? Parse(string? json)
    {
        using var document = JsonRead.ParseLenient(json);
        if (document?.RootElement.Property("blockdevices") is not { ValueKind: JsonValueKind.Array } devices)
        {
            return null;
        }

        return [.. devices.EnumerateArray().Select(Device).OfType<BlockDevice>()];
    }

    private static BlockDevice? Device(JsonElement element)
    {
        if (element.String("name") is not { } name)
        {
            return null;
        }

        return new BlockDevice
        {
            Name = name,
            Model = element.String("model"),
            Serial = element.String("serial"),
            Wwn = element.String("wwn"),
            SizeBytes = element.Long("size"),
            Rotational = element.Bool("rota"),
            Transport = element.String("tran"),
            Type = element.String("type"),
            // util-linux 2.37 renamed "mountpoint" (one string) to "mountpoints" (a list with nulls for none).
            MountPoints = [.. element.Array("mountpoints").Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() : null)
                .Append(element.String("mountpoint")).OfType<string>().Where(m => m.Length > 0).Distinct(StringComparer.Ordinal)],
            Children = [.. element.Array("children").Select(Device).OfType<BlockDevice>()],
        };
    }
}
