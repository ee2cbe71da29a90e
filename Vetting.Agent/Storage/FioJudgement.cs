using System.Globalization;
using Vetting.Agent.Stages;
using Vetting.Agent.Tools;
using Vetting.Protocol;

namespace Vetting.Agent.Storage;

/// <summary>What a fio run says about the disk: clean, a hardware problem, or a run that proves nothing.</summary>
public sealed record FioFinding(FioReport? Report, string? Reason, string? Problem, string? ToolProblem)
{
    public bool Clean => Reason is null && ToolProblem is null;
}

/// <summary>
/// Classifies a fio run by its JSON and stderr, never its exit code alone: fio exits 0 with
/// <c>continue_on_error</c> after counting I/O errors, and non-zero for reasons unrelated to the disk.
/// </summary>
public static class FioJudgement
{
    // errnos that mean the medium or the link to it misbehaved, as opposed to a bad path or a busy device.
    private const int Eio = 5;
    private const int Enodata = 61;
    private const int Ebadmsg = 74;
    private const int Eilseq = 84;
    private const int Eremoteio = 121;

    public static FioFinding Judge(ToolResult fio, string disk)
    {
        var report = FioParser.Parse(fio.Stdout);
        var complaints = FioParser.VerifyComplaints(fio.Stderr);
        var ioErrors = FioParser.IoErrorLines(fio.Stdout + "\n" + fio.Stderr);
        if (report is null)
        {
            return complaints.Count > 0
                ? new FioFinding(null, FailureReasons.VerifyErrors, $"{disk}: fio verify failed: {complaints[0]}", null)
                : new FioFinding(null, null, null, $"{disk}: fio printed no JSON ({(fio.TimedOut ? "timed out" : fio.LastErrorLine())})");
        }

        var failedJob = report.Jobs.FirstOrDefault(j => j.Error != 0);
        var counted = report.Jobs.Sum(j => j.TotalErrors);
        if (complaints.Count > 0 || failedJob?.Error == Eilseq)
        {
            return new FioFinding(report, FailureReasons.VerifyErrors,
                $"{disk}: data read back differs from what was written ({(complaints.Count > 0 ? complaints[0] : "fio error 84, EILSEQ")})", null);
        }

        if (failedJob is { Error: Eio or Enodata or Ebadmsg or Eremoteio } || counted > 0 || ioErrors.Count > 0)
        {
            var errno = failedJob?.Error ?? 0;
            var detail = ioErrors.Count > 0 ? ioErrors[0] : counted > 0 ? $"{counted} I/O errors counted" : $"fio error {errno}";
            return new FioFinding(report, AgentFailureReasons.IoErrors, $"{disk}: I/O errors ({detail})", null);
        }

        if (failedJob is not null)
        {
            return new FioFinding(report, null, null,
                string.Create(CultureInfo.InvariantCulture, $"{disk}: fio job {failedJob.Name} stopped with error {failedJob.Error} ({fio.LastErrorLine()})"));
        }

        if (fio.TimedOut)
        {
            return new FioFinding(report, null, null, $"{disk}: fio did not finish in time");
        }

        return new FioFinding(report, null, null, null);
    }
}
