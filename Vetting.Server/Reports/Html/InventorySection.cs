using Vetting.Protocol.Hardware;

namespace Vetting.Server.Reports.Html;

/// <summary>What the node turned out to be: identity, CPU and memory as cards, devices as tables.</summary>
internal static class InventorySection
{
    public static void Write(HtmlBuilder html, RunReport report)
    {
        html.Append($"<section id=\"inventory\">\n<h2>Inventory</h2>\n");
        if (report.Inventory is not { } inventory)
        {
            html.Append($"<p class=\"note\">No inventory was collected.</p>\n</section>\n");
            return;
        }

        html.Append($"<div class=\"cards\">\n");
        WriteSystem(html, inventory.System);
        WriteCpu(html, inventory.Cpu);
        WriteMemory(html, inventory.Memory);
        html.Append($"</div>\n");

        DeviceTables.WriteDimms(html, inventory.Memory?.Dimms);
        DeviceTables.WriteDisks(html, inventory.Disks);
        DeviceTables.WriteNics(html, inventory.Nics);
        DeviceTables.WriteGpus(html, inventory.Gpus);
        WritePciCount(html, inventory.Pci);
        html.Append($"</section>\n");
    }

    private static void WriteSystem(HtmlBuilder html, SystemInfo? system) =>
        FactList.Write(html, "System and BIOS",
        [
            ("Vendor", system?.Vendor),
            ("Product", system?.Product),
            ("Serial", system?.Serial),
            ("BIOS vendor", system?.BiosVendor),
            ("BIOS version", system?.BiosVersion),
            ("BIOS date", system?.BiosDate),
            ("Boot mode", system?.BootMode),
        ]);

    private static void WriteCpu(HtmlBuilder html, CpuInfo? cpu) =>
        FactList.Write(html, "CPU",
        [
            ("Model", cpu?.Model),
            ("Sockets", ReportFormat.Integer(cpu?.Sockets)),
            ("Physical cores", ReportFormat.Integer(cpu?.PhysicalCores)),
            ("Logical cores", ReportFormat.Integer(cpu?.LogicalCores)),
        ]);

    private static void WriteMemory(HtmlBuilder html, MemoryInfo? memory) =>
        FactList.Write(html, "Memory",
        [
            ("Installed", ReportFormat.BinaryBytes(memory?.InstalledBytes)),
            ("Usable", ReportFormat.BinaryBytes(memory?.UsableBytes)),
            ("ECC", ReportFormat.YesNo(memory?.Ecc)),
            ("DIMMs", memory?.Dimms is { } dimms ? ReportFormat.Count(dimms.Count, "populated slot", "populated slots") : null),
        ]);

    // PCI lists run to dozens of bridges and controllers; the full list is in inventory.json.
    private static void WritePciCount(HtmlBuilder html, IReadOnlyList<PciDeviceInfo>? pci) =>
        html.Append($"<p class=\"note\">PCI devices: {ReportFormat.Integer(pci?.Count)} (listed in inventory.json).</p>\n");
}
