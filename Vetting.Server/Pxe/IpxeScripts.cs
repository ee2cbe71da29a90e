using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vetting.Protocol;

namespace Vetting.Server.Pxe;

/// <summary>
/// The <c>#!ipxe</c> scripts served at <c>/pxe/boot.ipxe?mac=</c>: the live image for a MAC whose run waits
/// for boot, <c>exit</c> (next boot device) for every other client.
/// </summary>
public static partial class IpxeScripts
{
    public const string ContentType = "text/plain; charset=utf-8";

    // Debian's ipxe.efi hands the initrd to the kernel only when the command line names it by the
    // basename iPXE gave the image (the URL's last segment); BIOS ignores the argument.
    private const string InitrdName = "initrd.img";

    // The last console= becomes /dev/console: the serial line, which is what QEMU -nographic and BMC SOL show.
    private const string ConsoleArguments = "console=tty0 console=ttyS0,115200n8";

    /// <summary>
    /// Looks the MAC up (any spelling; the callback gets the lower-case colon form) and renders the
    /// matching script. Malformed or missing MACs get the exit script without a lookup: never an error,
    /// because a PXE client cannot do anything useful with one.
    /// </summary>
    public static async Task<string> ForMacAsync(
        string? mac,
        string publicUrl,
        Func<string, CancellationToken, Task<PxeBootTarget?>> findWaitingRun,
        CancellationToken cancellationToken)
    {
        if (!MacAddress.TryNormalize(mac, out var normalized))
        {
            return Exit();
        }

        var target = await findWaitingRun(normalized, cancellationToken);
        return target is null ? Exit() : Boot(publicUrl, normalized, target);
    }

    /// <exception cref="ArgumentException">A value would need escaping in iPXE or on the kernel command line.</exception>
    public static string Boot(string publicUrl, string mac, PxeBootTarget target)
    {
        var url = CheckedPublicUrl(publicUrl);
        var normalizedMac = MacAddress.Normalize(mac);
        if (!SafeToken().IsMatch(target.Token))
        {
            throw new ArgumentException("The run token contains characters iPXE or the kernel would interpret.", nameof(target));
        }

        var run = target.RunId.ToString(CultureInfo.InvariantCulture);
        var arguments = string.Join(' ',
            $"initrd={InitrdName}",
            $"vetting.orchestrator={url}",
            $"vetting.run={run}",
            $"vetting.token={target.Token}",
            ConsoleArguments,
            // Hints for the live image's network set-up: configure by DHCP, on the NIC that booted
            // (pxelinux's BOOTIF spelling). Kernels without IP autoconfiguration pass both to init.
            "ip=dhcp",
            $"BOOTIF=01-{normalizedMac.Replace(':', '-')}");

        return new StringBuilder()
            .Append("#!ipxe\n")
            .Append(CultureInfo.InvariantCulture, $"echo Vetting: booting the live image for run {run}\n")
            .Append(CultureInfo.InvariantCulture, $"kernel {url}/pxe/vmlinuz {arguments} || goto failed\n")
            .Append(CultureInfo.InvariantCulture, $"initrd {url}/pxe/{InitrdName} || goto failed\n")
            .Append("boot || goto failed\n")
            .Append(":failed\n")
            .Append("echo Vetting: the live image did not boot, trying the next boot device\n")
            .Append("exit 1\n")
            .ToString();
    }

    /// <summary>Leaves iPXE so the firmware tries its next boot device (normally the local disk).</summary>
    public static string Exit() =>
        "#!ipxe\necho Vetting: no run waits for this machine, trying the next boot device\nexit\n";

    /// <summary>Why <paramref name="publicUrl"/> cannot go into a script or dnsmasq's config, or null when it can.</summary>
    public static string? ValidatePublicUrl(string publicUrl)
    {
        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"server.public_url '{publicUrl}' must be an absolute http:// or https:// URL.";
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return $"server.public_url '{publicUrl}' must not carry a query, fragment or user name: paths are appended to it.";
        }

        // iPXE expands ${...} everywhere and splits on spaces, the kernel splits on spaces and quotes,
        // dnsmasq splits on commas and treats # as a comment: refuse rather than escape for three parsers.
        return SafeUrl().IsMatch(publicUrl)
            ? null
            : $"server.public_url '{publicUrl}' may only contain letters, digits and . _ ~ : / % [ ] - + characters.";
    }

    internal static string CheckedPublicUrl(string publicUrl) =>
        ValidatePublicUrl(publicUrl) is { } error ? throw new ArgumentException(error, nameof(publicUrl)) : publicUrl.TrimEnd('/');

    [GeneratedRegex("^[A-Za-z0-9._~:/%\\[\\]+-]+$")]
    private static partial Regex SafeUrl();

    // Covers hex, base64 and base64url tokens.
    [GeneratedRegex("^[A-Za-z0-9._~+/=-]{1,512}$")]
    private static partial Regex SafeToken();
}
