import { memo, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import type { Host, Progress, Run } from "../api/types";
import { HoldPanel } from "../runs/HoldPanel";
import { RunActions } from "../runs/RunActions";
import { Elapsed } from "../ui/Elapsed";
import { StateBadge } from "../ui/StateBadge";
import { explain, isActive, STAGE_STATES } from "../ui/states";
import { StartVetting } from "./StartVetting";
import type { LastVerdict } from "./useLastVerdicts";

type Props = { host: Host; progress: Progress | undefined; lastVerdict: LastVerdict | undefined };

/** One host on the dashboard: who, what is happening, and the actions its state allows. */
export const HostTile = memo(function HostTile({ host, progress, lastVerdict }: Props) {
  const run = host.latestRun;
  const state = run?.state ?? null;
  const held = state === "FailedHolding";
  const detail = useHeldRun(held ? run!.id : null, state);
  const percent = progress && run && progress.runId === run.id && STAGE_STATES.includes(state ?? "") ? progress.percent : null;
  const stageMatches = !progress?.stage || progress.stage.toLowerCase() === (state ?? "").toLowerCase();

  return (
    <li className={`tile ${held ? "tile-held" : ""}`} data-testid="host-tile" data-host={host.name} aria-labelledby={`host-${host.id}`}>
      <div className="tile-head">
        <h2 id={`host-${host.id}`}>
          <Link to={`/hosts/${host.id}`}>{host.name}</Link>
        </h2>
        <StateBadge state={state} />
      </div>
      <p className="mono small">
        {host.mac}
        {host.site !== "default" ? <span className="muted" data-testid="site"> · site {host.site}</span> : null}
      </p>
      <p className="explain">{explain(state)}</p>
      {run ? (
        <dl className="facts">
          <div>
            <dt>Run</dt>
            <dd>
              <Link to={`/runs/${run.id}`}>#{run.id}</Link> · {run.profile}
            </dd>
          </div>
          <div>
            <dt>Elapsed</dt>
            <dd>
              <Elapsed start={run.startedAt ?? run.createdAt} end={run.endedAt} />
            </dd>
          </div>
          <div>
            <dt>{run.verdict || !lastVerdict || lastVerdict.runId === run.id ? "Verdict" : "Last verdict"}</dt>
            <dd data-testid="verdict">
              {run.verdict ?? (lastVerdict && lastVerdict.runId !== run.id ? `${lastVerdict.verdict} (#${lastVerdict.runId})` : isActive(run.state) ? "pending" : "—")}
            </dd>
          </div>
        </dl>
      ) : null}
      {percent != null && stageMatches ? (
        <div className="progress">
          <progress max={100} value={percent} aria-label={`${state} stage progress`} />
          <span>{Math.round(percent)} %</span>
          {progress?.message ? <span className="muted small ellipsis">{progress.message}</span> : null}
        </div>
      ) : null}
      {run?.failure && !isActive(run.state) ? <p className="failure small">Failed at {run.failure.stage ?? "?"}: {run.failure.message}</p> : null}
      {held && detail?.hold ? <HoldPanel hold={detail.hold} compact /> : null}
      {held && run?.failure ? <p className="failure small">{run.failure.stage}: {run.failure.message}</p> : null}
      <div className="actions">
        {!run || !isActive(run.state) ? <StartVetting hostId={host.id} hostName={host.name} /> : null}
        {run && (run.state === "Passed" || run.state === "Failed") ? (
          <a className="button" href={`/api/v1/runs/${run.id}/report.html`}>
            View report
          </a>
        ) : null}
        {run ? <RunActions run={{ id: run.id, state: run.state, failure: run.failure, measurements: detail?.measurements }} hostName={host.name} /> : null}
      </div>
    </li>
  );
});

/** The full run of a held host (its hold: IP and ssh command), fetched when the tile enters FailedHolding. */
function useHeldRun(runId: number | null, state: string | null) {
  const [run, setRun] = useState<Run | null>(null);
  useEffect(() => {
    if (runId == null) {
      setRun(null);
      return;
    }
    let live = true;
    api.get<Run>(`/api/v1/runs/${runId}`).then((r) => live && setRun(r), () => undefined);
    return () => {
      live = false;
    };
  }, [runId, state]);
  return run;
}
