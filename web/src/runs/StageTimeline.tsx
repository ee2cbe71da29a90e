import type { Progress, Stage } from "../api/types";
import { Elapsed } from "../ui/Elapsed";
import { formatClock } from "../ui/format";
import { ICONS, type Tone } from "../ui/states";

const TONES: Record<string, Tone> = { passed: "good", failed: "bad", error: "bad", timedout: "bad", cancelled: "warn", running: "active" };

/** Every stage attempt in order: status, attempt, start, duration, summary, and a failure with its advice. */
export function StageTimeline({ stages, progress }: { stages: Stage[]; progress: Progress | null }) {
  if (stages.length === 0) return <p className="muted">No stage has started yet. Stages begin once the node boots and its agent says hello.</p>;
  return (
    <ol className="timeline" aria-label="Stages">
      {stages.map((s) => {
        const tone = TONES[s.status] ?? "idle";
        const live = s.status === "running" && progress && (!progress.stage || progress.stage === s.name) ? progress : null;
        return (
          <li key={`${s.name}-${s.attempt}`} className="card stage" data-stage={s.name} data-status={s.status}>
            <div className="tile-head">
              <h3>
                {s.name}
                {s.attempt > 1 ? <span className="muted"> · attempt {s.attempt}</span> : null}
              </h3>
              <span className={`badge tone-${tone}`}>
                <span aria-hidden="true">{ICONS[tone]}</span> {s.status}
              </span>
            </div>
            <p className="small muted">
              started {formatClock(s.startedAt)} · took <Elapsed start={s.startedAt} end={s.endedAt} />
            </p>
            {live?.percent != null ? (
              <div className="progress">
                <progress max={100} value={live.percent} aria-label={`${s.name} progress`} />
                <span>{Math.round(live.percent)} %</span>
              </div>
            ) : null}
            {live?.message ? <p className="small muted">{live.message}</p> : null}
            {s.summary ? <p>{s.summary}</p> : null}
            {s.failure ? (
              <p className="failure">
                <strong>{s.failure.reason}:</strong> {s.failure.message}
                {advice(s.failure.reason) ? <><br /><span className="muted">What to do: {advice(s.failure.reason)}</span></> : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function advice(reason: string): string | null {
  switch (reason) {
    case "wipe-probe-refused":
      return "a disk holds data, so the destructive write test was refused. Wipe it yourself, or use Override wipe-probe if the disks are expendable.";
    case "spec-mismatch":
      return "compare the spec differences below with the hardware; fix the node or the host's expected spec.";
    case "boot-timeout":
      return "the node never fetched its boot script: check that it powered on, boots from the registered NIC, and the WoL broadcast address.";
    case "hello-timeout":
      return "the node booted but its agent never called in: check that vetting.orchestrator= on the kernel line resolves from the node.";
    case "agent-lost":
      return "check the node's console and network; the held node can be reached with the ssh command.";
    default:
      return null;
  }
}
