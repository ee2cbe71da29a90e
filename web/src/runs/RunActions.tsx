import { useState } from "react";
import { api, ApiError } from "../api/client";
import type { Failure, Measurement } from "../api/types";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { isRunning } from "../ui/states";
import { disksAtRisk, type DiskAtRisk } from "./overrideDisks";

type Props = {
  run: { id: number; state: string; failure: Failure | null; measurements?: Measurement[] };
  hostName: string;
  onDone?: () => void;
};

type Pending = "cancel" | "release" | "override";

/** The state's destructive actions (Cancel; Release and Override for a held run), each behind a confirmation. */
export function RunActions({ run, hostName, onDone }: Props) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [disks, setDisks] = useState<DiskAtRisk[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const held = run.state === "FailedHolding";
  const canOverride = held && run.failure?.stage === "storage" && run.failure.reason === "wipe-probe-refused";

  const ask = (what: Pending) => {
    setError(null);
    setPending(what);
    if (what === "override") {
      setDisks(null);
      void disksAtRisk(run.id, run.failure, run.measurements).then(setDisks);
    }
  };

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const path = pending === "override" ? "override-wipe-probe" : pending;
      await api.post(`/api/v1/runs/${run.id}/${path}`);
      setPending(null);
      onDone?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {isRunning(run.state) ? (
        <button type="button" onClick={() => ask("cancel")}>
          Cancel
        </button>
      ) : null}
      {held ? (
        <button type="button" onClick={() => ask("release")}>
          Release
        </button>
      ) : null}
      {canOverride ? (
        <button type="button" className="danger" onClick={() => ask("override")}>
          Override wipe-probe
        </button>
      ) : null}
      {pending === "cancel" ? (
        <ConfirmDialog title={`Cancel run #${run.id} on ${hostName}?`} confirmLabel="Cancel the run" danger busy={busy} error={error}
          onConfirm={confirm} onCancel={() => setPending(null)}>
          <p>The run stops now and ends as <strong>Cancelled</strong>. If the node's agent is running it is told to power the node off.
            Results recorded so far stay in the history.</p>
        </ConfirmDialog>
      ) : null}
      {pending === "release" ? (
        <ConfirmDialog title={`Release ${hostName}?`} confirmLabel="Release and power off" busy={busy} error={error}
          onConfirm={confirm} onCancel={() => setPending(null)}>
          <p>The held node is powered off by its agent, its SSH key stops working, and run #{run.id} ends as <strong>Failed</strong>.
            Close any SSH session you have open on it first.</p>
        </ConfirmDialog>
      ) : null}
      {pending === "override" ? (
        <ConfirmDialog title={`Overwrite disks on ${hostName}?`} confirmLabel="Overwrite these disks" danger busy={busy || disks === null} error={error}
          onConfirm={confirm} onCancel={() => setPending(null)}>
          <p>The storage stage runs again with the destructive wipe-probe allowed. It <strong>writes over</strong> the disks that hold data:
            their partition tables, filesystems and files will be lost. Then the remaining stages continue.</p>
          {disks === null ? <p>Finding the disks…</p> : disks.length === 0 ? <p>The run names no disk; every non-blank disk the agent finds will be overwritten.</p> : (
            <ul className="disks" aria-label="Disks that will be overwritten">
              {disks.map((d) => (
                <li key={d.name}><code>{d.name}</code> — {d.detail}</li>
              ))}
            </ul>
          )}
          {run.failure ? <p className="muted">Refused because: {run.failure.message}</p> : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
