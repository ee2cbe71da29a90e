import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import type { Progress, Run, RunEvent } from "../api/types";
import { useEvents } from "../events/useEvents";

/**
 * One run, kept current: a `run` event for it refetches the full run (coalesced: at most one request in flight
 * and one queued), a `progress` event updates the heartbeat, a `reset` refetches.
 */
export function useRun(id: number) {
  const [run, setRun] = useState<Run | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const inFlight = useRef(false);
  const again = useRef(false);

  const reload = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    api
      .get<Run>(`/api/v1/runs/${id}`)
      .then((r) => {
        setRun(r);
        setError(null);
        setVersion((v) => v + 1);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => {
        inFlight.current = false;
        if (again.current) {
          again.current = false;
          reload();
        }
      });
  }, [id]);

  useEffect(() => {
    setRun(null);
    setProgress(null);
    reload();
  }, [reload]);

  useEvents((event) => {
    if (event.type === "run" && (event.data as RunEvent).id === id) reload();
    else if (event.type === "progress" && (event.data as Progress).runId === id) setProgress(event.data as Progress);
  }, reload);

  return { run, progress, error, reload, version };
}
