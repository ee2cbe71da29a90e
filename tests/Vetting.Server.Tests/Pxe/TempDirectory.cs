namespace Vetting.Server.Tests.Pxe;

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("vetting-pxe-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // dnsmasq drops root before reading the hosts file; a 0700 temp folder would hide it.
            File.SetUnixFileMode(Path, File.GetUnixFileMode(Path) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we started may still be writing its last line; leaving a temp folder is harmless.
        }
    }
}
