namespace Vetting.Agent.Stages;

public static class ArtifactNames
{
    /// <summary>
    /// Device names go into artifact names (fio-nvme0n1.log); kernel names are already safe, this guards odd ones
    /// (cciss!c0d0, interface names with '@') against the contract's name pattern.
    /// </summary>
    public static string Safe(string deviceName) =>
        new([.. deviceName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
}
