using Vetting.Protocol.Hardware;

namespace Vetting.Server.Reports.Html;

/// <summary>
/// Device lists of the inventory. A null list means the probe failed and is shown as unknown; an empty
/// one means the probe ran and found nothing.
/// </summary>
internal static class DeviceTables
{
    public static void WriteDimms(HtmlBuilder html, IReadOnlyList<DimmInfo>? dimms) =>
        Write(html, "Memory modules", dimms,
            [new("Slot"), new("Size", Numeric: true), new("Type"), new("Speed", Numeric: true), new("Manufacturer"), new("Serial")],
            d => [d.Slot, ReportFormat.BinaryBytes(d.SizeBytes), d.Type, d.SpeedMts is { } s ? $"{s} MT/s" : null, d.Manufacturer, d.Serial]);

    public static void WriteDisks(HtmlBuilder html, IReadOnlyList<DiskInfo>? disks) =>
        Write(html, "Disks", disks,
            [new("Name"), new("Model"), new("Serial / WWN"), new("Size", Numeric: true), new("Kind"), new("SMART"), new("Blank"), new("Boot media")],
            d => [d.Name, d.Model, Identity(d), ReportFormat.DecimalBytes(d.SizeBytes), Kind(d), Smart(d.SmartHealthy), ReportFormat.YesNo(d.Blank), ReportFormat.YesNo(d.BootMedia)]);

    public static void WriteNics(HtmlBuilder html, IReadOnlyList<NicInfo>? nics) =>
        Write(html, "Network interfaces", nics,
            [new("Name"), new("MAC"), new("Driver"), new("Link"), new("Speed", Numeric: true)],
            n => [n.Name, n.Mac, n.Driver, n.LinkUp switch { true => "up", false => "down", null => null }, Speed(n)]);

    public static void WriteGpus(HtmlBuilder html, IReadOnlyList<GpuInfo>? gpus) =>
        Write(html, "GPUs", gpus,
            [new("Name"), new("Vendor:device")],
            g => [g.Name, g.VendorId is null && g.DeviceId is null ? null : $"{g.VendorId ?? "?"}:{g.DeviceId ?? "?"}"]);

    private static void Write<T>(HtmlBuilder html, string title, IReadOnlyList<T>? items, Column[] columns, Func<T, string?[]> cells)
    {
        html.Append($"<h3>{title}</h3>\n");
        if (items is null)
        {
            html.Append($"<p>{new Markup(HtmlText.UnknownMarkup)}: the probe did not report them.</p>\n");
        }
        else if (items.Count == 0)
        {
            html.Append($"<p class=\"note\">None found.</p>\n");
        }
        else
        {
            DataTable.Write(html, columns, items.Select(cells));
        }
    }

    private static string? Identity(DiskInfo disk) => (disk.Serial, disk.Wwn) switch
    {
        (null, null) => null,
        (var serial, null) => serial,
        (null, var wwn) => wwn,
        (var serial, var wwn) => $"{serial} / {wwn}",
    };

    private static string? Kind(DiskInfo disk)
    {
        var medium = disk.Rotational switch { true => "HDD", false => "SSD", null => null };
        return (medium, disk.Transport) switch
        {
            (null, null) => null,
            (var m, null) => m,
            (null, var t) => t,
            (var m, var t) => $"{m} · {t}",
        };
    }

    private static string? Smart(bool? healthy) => healthy switch
    {
        true => "healthy",
        false => "FAILING",
        null => null,
    };

    // A down link has no negotiated speed; saying "unknown" there would suggest a probe problem.
    private static string? Speed(NicInfo nic) => nic.SpeedMbps switch
    {
        { } mbps when mbps >= 1000 && mbps % 1000 == 0 => $"{mbps / 1000} Gb/s",
        { } mbps => $"{mbps} Mb/s",
        null when nic.LinkUp == false => "—",
        null => null,
    };
}
