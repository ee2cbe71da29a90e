using System.Globalization;
using Vetting.Agent.Tools;
using Vetting.Protocol.Hardware;

namespace Vetting.Agent.Inventory;

/// <summary>
/// System and BIOS identity. /sys/class/dmi/id works without /dev/mem (the kernel reads the tables itself);
/// dmidecode is the fallback for kernels without it.
/// </summary>
public static class SystemProbe
{
    public static readonly string[] DmidecodeArguments = ["-t", "0", "-t", "1"];
    private const string DmiId = "/sys/class/dmi/id";

    public static bool HasSysfsDmi(ISystemFiles files) => files.Exists($"{DmiId}/sys_vendor") || files.Exists($"{DmiId}/bios_vendor");

    public static SystemInfo FromSysfs(ISystemFiles files)
    {
        string? Read(string name) => DmidecodeParser.Meaningful(files.ReadText($"{DmiId}/{name}"));
        return new SystemInfo
        {
            Vendor = Read("sys_vendor"),
            Product = Read("product_name"),
            Serial = Read("product_serial"),
            BiosVendor = Read("bios_vendor"),
            BiosVersion = Read("bios_version"),
            BiosDate = IsoDate(Read("bios_date")),
            BootMode = BootMode(files),
        };
    }

    /// <summary>Null when dmidecode printed no system or BIOS structure.</summary>
    public static SystemInfo? FromDmidecode(string? text, ISystemFiles files)
    {
        var blocks = DmidecodeParser.Parse(text);
        var system = blocks.FirstOrDefault(b => b.Title == "System Information");
        var bios = blocks.FirstOrDefault(b => b.Title == "BIOS Information");
        if (system is null && bios is null)
        {
            return null;
        }

        return new SystemInfo
        {
            Vendor = system?.Get("Manufacturer"),
            Product = system?.Get("Product Name"),
            Serial = system?.Get("Serial Number"),
            BiosVendor = bios?.Get("Vendor"),
            BiosVersion = bios?.Get("Version"),
            BiosDate = IsoDate(bios?.Get("Release Date")),
            BootMode = BootMode(files),
        };
    }

    /// <summary>The kernel exposes /sys/firmware/efi only when UEFI firmware started it.</summary>
    public static string BootMode(ISystemFiles files) => files.Exists("/sys/firmware/efi") ? "uefi" : "bios";

    /// <summary>DMI dates are MM/dd/yyyy (two-digit years in very old firmware); the contract wants yyyy-MM-dd.</summary>
    public static string? IsoDate(string? dmiDate)
    {
        if (dmiDate is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(dmiDate.Trim(), ["MM/dd/yyyy", "MM/dd/yy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
    }
}
