using System.Text.Json;

namespace Vetting.Agent.Probes;

/// <summary>Parses <c>smartctl -j</c> (smartmontools 7.x JSON) for health, identity and the error counters that matter.</summary>
public static class SmartctlParser
{
    private const int Reallocated = 5;
    private const int Pending = 197;
    private const int Uncorrectable = 198;

    public static IReadOnlyList<string> Arguments(string device) => ["-j", "-H", "-i", "-A", device];

    /// <summary>Null when the output is not smartctl JSON at all (e.g. an old smartctl without -j).</summary>
    public static SmartReport? Parse(string? json)
    {
        using var document = JsonRead.ParseLenient(json);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object || document.RootElement.Property("smartctl") is null)
        {
            return null;
        }

        var root = document.RootElement;
        var attributes = root.Array("ata_smart_attributes", "table").ToList();
        long? Raw(int id) => attributes.Where(a => a.Long("id") == id).Select(a => a.Long("raw", "value")).FirstOrDefault();

        return new SmartReport
        {
            Passed = root.Bool("smart_status", "passed"),
            Model = root.String("model_name"),
            Serial = root.String("serial_number"),
            ExitStatus = (int?)root.Long("smartctl", "exit_status"),
            Errors = [.. root.Array("smartctl", "messages")
                .Where(m => m.String("severity") == "error")
                .Select(m => m.String("string")).OfType<string>()],
            ReallocatedSectors = Raw(Reallocated),
            PendingSectors = Raw(Pending),
            OfflineUncorrectable = Raw(Uncorrectable),
            FailingAttributes = [.. attributes
                .Where(a => a.String("when_failed") == "now")
                .Select(a => a.String("name") ?? $"attribute {a.Long("id")}")],
            MediaErrors = root.Long("nvme_smart_health_information_log", "media_errors"),
            CriticalWarning = root.Long("nvme_smart_health_information_log", "critical_warning"),
            TemperatureC = root.Double("temperature", "current"),
        };
    }
}
