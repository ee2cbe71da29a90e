import { Link, useParams } from "react-router-dom";
import { StartVetting } from "../hosts/StartVetting";
import { Elapsed } from "../ui/Elapsed";
import { formatTime } from "../ui/format";
import { StateBadge } from "../ui/StateBadge";
import { explain, isActive, isRunning } from "../ui/states";
import { Artifacts } from "./Artifacts";
import { HoldPanel } from "./HoldPanel";
import { LogTail } from "./LogTail";
import { Measurements } from "./Measurements";
import { RunActions } from "./RunActions";
import { SpecDiffs } from "./SpecDiffs";
import { StageTimeline } from "./StageTimeline";
import { useRun } from "./useRun";

/** `/runs/:id`: everything about one run, live while it is active. */
export default function RunPage() {
  const raw = useParams().id;
  const id = Number(raw);
  const { run, progress, error, reload, version } = useRun(id);
  if (!Number.isInteger(id)) return <p className="error">“{raw}” is not a run number.</p>;
  if (error && !run) return <p className="error" role="alert">Cannot load run {id}: {error}</p>;
  if (!run) return <p aria-busy="true">Loading run {id}…</p>;

  return (
    <>
      <p className="small">
        <Link to={`/hosts/${run.hostId}`}>← {run.hostName}</Link>
      </p>
      <div className="page-head">
        <h1>
          Run #{run.id} · {run.hostName}
        </h1>
        <StateBadge state={run.state} />
      </div>
      <p className="explain">{explain(run.state)}</p>
      <dl className="facts card">
        <div><dt>Profile</dt><dd>{run.profile}</dd></div>
        <div><dt>Site</dt><dd>{run.site}</dd></div>
        <div><dt>Created</dt><dd>{formatTime(run.createdAt)}</dd></div>
        <div><dt>Duration</dt><dd><Elapsed start={run.startedAt ?? run.createdAt} end={run.endedAt} /></dd></div>
        <div><dt>Verdict</dt><dd data-testid="verdict">{run.verdict ?? "pending"}</dd></div>
        <div><dt>Workflow</dt><dd>{run.workflow.definitionId} v{run.workflow.version ?? "?"}</dd></div>
        <div><dt>Agent</dt><dd>{run.agent?.ip ?? "—"} {run.agent?.hostname ? `(${run.agent.hostname})` : ""}</dd></div>
      </dl>
      {run.failure ? <p className="failure card"><strong>Failed at {run.failure.stage ?? "?"} ({run.failure.reason}):</strong> {run.failure.message}</p> : null}
      {run.hold ? <HoldPanel hold={run.hold} /> : null}
      <div className="actions">
        <RunActions run={run} hostName={run.hostName} onDone={reload} />
        {!isActive(run.state) ? <StartVetting hostId={run.hostId} hostName={run.hostName} /> : null}
        {run.reportAvailable ? <a className="button" href={`/api/v1/runs/${run.id}/report.html`}>View report</a> : null}
        {run.reportAvailable ? <a className="button" href={`/api/v1/runs/${run.id}/report.json`}>report.json</a> : null}
        {run.workflow.instanceId ? (
          <a className="button" href={`/studio/instances/${encodeURIComponent(run.workflow.instanceId)}`}>
            Workflow {run.workflow.definitionId} v{run.workflow.version ?? "?"}: instance and journal
          </a>
        ) : null}
      </div>
      <h2>Stages</h2>
      <StageTimeline stages={run.stages} progress={progress} />
      <h2>Spec differences</h2>
      <SpecDiffs diffs={run.specDiffs} />
      <h2>Measurements</h2>
      <Measurements measurements={run.measurements} />
      <div className="grid-2">
        <section>
          <h2>Log</h2>
          <LogTail runId={run.id} active={isRunning(run.state) || run.state === "FailedHolding"} version={version} />
        </section>
        <section>
          <h2>Files</h2>
          <Artifacts runId={run.id} version={version} />
        </section>
      </div>
    </>
  );
}
