import { Link, useParams } from "react-router-dom";
import type { Run } from "../api/types";
import { Elapsed } from "../ui/Elapsed";
import { formatTime } from "../ui/format";
import { StateBadge } from "../ui/StateBadge";
import { isActive } from "../ui/states";
import { RunCompare } from "./RunCompare";
import { StartVetting } from "./StartVetting";
import { useHostRuns } from "./useHostRuns";
import { useRunDetails } from "./useRunDetails";

/** `/hosts/:id`: the host, its runs newest first, and a comparison of two runs. */
export default function HostHistory() {
  const hostId = Number(useParams().id);
  const { host, runs, error } = useHostRuns(hostId);
  const details = useRunDetails((runs ?? []).slice(0, 25).map((r) => r.id));
  if (error && !host) return <p className="error" role="alert">Cannot load host {hostId}: {error}</p>;
  if (!host || !runs) return <p aria-busy="true">Loading…</p>;
  const active = runs.find((r) => isActive(r.state));

  return (
    <>
      <div className="page-head">
        <h1>{host.name}</h1>
        <div className="actions">
          {active ? <Link className="button" to={`/runs/${active.id}`}>Current run #{active.id}</Link> : <StartVetting hostId={host.id} hostName={host.name} />}
          <Link className="button" to={`/hosts/${host.id}/edit`}>Edit host</Link>
        </div>
      </div>
      <dl className="facts card">
        <div><dt>MAC</dt><dd className="mono">{host.mac}</dd></div>
        <div><dt>WoL broadcast</dt><dd>{host.wolBroadcast}</dd></div>
        <div><dt>Site</dt><dd>{host.site}</dd></div>
        <div><dt>Registered</dt><dd>{formatTime(host.createdAt)}</dd></div>
      </dl>
      <h2>Runs</h2>
      {runs.length === 0 ? (
        <p className="empty">No runs yet. Press Start Vetting above, then power the node on (or let Wake-on-LAN do it).</p>
      ) : (
        <div className="table-wrap card">
          <table data-testid="history">
            <thead>
              <tr><th scope="col">Run</th><th scope="col">State</th><th scope="col">Verdict</th><th scope="col">Profile</th><th scope="col">Workflow</th><th scope="col">Started</th><th scope="col">Duration</th></tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td><Link to={`/runs/${r.id}`}>#{r.id}</Link></td>
                  <td><StateBadge state={r.state} /></td>
                  <td>{r.verdict ?? "—"}</td>
                  <td>{r.profile}</td>
                  <td>{workflowOf(details[r.id])}</td>
                  <td>{formatTime(r.startedAt ?? r.createdAt)}</td>
                  <td><Elapsed start={r.startedAt ?? r.createdAt} end={r.endedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Compare two runs</h2>
      <RunCompare runs={runs} />
    </>
  );
}

function workflowOf(run: Run | undefined): string {
  return run ? `${run.workflow.definitionId} v${run.workflow.version ?? "?"}` : "…";
}
