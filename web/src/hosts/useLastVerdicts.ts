import { startTransition, useEffect, useState } from "react";
import { api } from "../api/client";
import type { RunEvent, RunSummary } from "../api/types";
import { useEvents } from "../events/useEvents";

export type LastVerdict = { runId: number; verdict: string };

const ENDED: Record<string, string> = { Passed: "passed", Failed: "failed", Cancelled: "cancelled" };

/**
 * The verdict of each host's newest finished run, for tiles whose latest run is still going. Read once after
 * the first render (the newest 1000 runs), then kept current by `run` events that end a run.
 */
export function useLastVerdicts(ready: boolean): Record<number, LastVerdict> {
  const [verdicts, setVerdicts] = useState<Record<number, LastVerdict>>({});

  useEffect(() => {
    if (!ready) return;
    let live = true;
    api.get<RunSummary[]>("/api/v1/runs?limit=1000").then(
      (runs) => {
        if (!live) return;
        const found: Record<number, LastVerdict> = {};
        for (const run of runs) {
          const verdict = run.verdict ?? ENDED[run.state];
          if (run.endedAt && verdict && !found[run.hostId]) found[run.hostId] = { runId: run.id, verdict };
        }
        startTransition(() => setVerdicts((current) => ({ ...found, ...newer(current, found) })));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [ready]);

  useEvents(
    (event) => {
      if (event.type !== "run") return;
      const run = event.data as RunEvent;
      const verdict = ENDED[run.state];
      if (verdict) startTransition(() => setVerdicts((all) => (all[run.hostId]?.runId > run.id ? all : { ...all, [run.hostId]: { runId: run.id, verdict } })));
    },
    () => undefined,
  );
  return verdicts;
}

function newer(current: Record<number, LastVerdict>, found: Record<number, LastVerdict>) {
  return Object.fromEntries(Object.entries(current).filter(([host, v]) => !found[Number(host)] || found[Number(host)].runId < v.runId));
}
