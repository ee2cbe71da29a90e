namespace Vetting.Server.Pxe;

/// <summary>iPXE scripts served at /pxe/boot.ipxe.</summary>
public static class IpxeScripts
{
    public static string Boot(string publicUrl, int runId, string token) =>
        $"""
        #!ipxe
        echo Vetting run {runId}: loading the live image
        kernel {publicUrl}/pxe/vmlinuz initrd=initrd.img console=tty0 console=ttyS0,115200n8 vetting.orchestrator={publicUrl} vetting.run={runId} vetting.token={token}
        initrd {publicUrl}/pxe/initrd.img
        boot

        """;

    public static string Exit(string reason) =>
        $"""
        #!ipxe
        echo Vetting: {reason.Replace('\n', ' ')}; booting the next device
        exit

        """;
}
