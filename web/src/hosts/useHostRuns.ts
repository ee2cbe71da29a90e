import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import type { Host, RunEvent, RunSummary } from "../api/types";
import { useEvents } from "../events/useEvents";

/** A host and its runs (newest first), refetched when one of its runs or the host changes. */
export function useHostRuns(hostId: number) {
  const [host, setHost] = useState<Host | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  // Each event refetches; only the newest request's answer is used, so an earlier, slower one cannot win.
  const reload = useCallback(() => {
    const mine = ++generation.current;
    Promise.all([api.get<Host>(`/api/v1/hosts/${hostId}`), api.get<RunSummary[]>(`/api/v1/runs?hostId=${hostId}&limit=100`)])
      .then(([h, r]) => {
        if (mine !== generation.current) return;
        setHost(h);
        setRuns(r);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [hostId]);

  useEffect(reload, [reload]);
  useEvents((event) => {
    const data = event.data as { id?: number; hostId?: number };
    if ((event.type === "run" && (data as RunEvent).hostId === hostId) || (event.type === "host" && data.id === hostId)) reload();
  }, reload);
  return { host, runs, error, reload };
}
