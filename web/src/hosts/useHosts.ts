import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import type { Host, HostEvent, Progress, RunEvent } from "../api/types";
import { useEvents } from "../events/useEvents";

export type HostsState = {
  hosts: Host[] | null;
  progress: Record<number, Progress>;
  error: string | null;
  reload: () => void;
};

/** The dashboard's data: hosts with their latest run, kept live by SSE; a `reset` (or a host we do not know) refetches. */
export function useHosts(): HostsState {
  const [hosts, setHosts] = useState<Host[] | null>(null);
  const [progress, setProgress] = useState<Record<number, Progress>>({});
  const [error, setError] = useState<string | null>(null);
  const current = useRef<Host[] | null>(null);
  current.current = hosts;
  const knows = (id: number) => current.current?.some((h) => h.id === id) ?? true;

  const reload = useCallback(() => {
    Promise.all([api.get<Host[]>("/api/v1/hosts"), api.get<Progress[]>("/api/v1/progress")])
      .then(([list, beats]) => {
        setHosts((before) => reconcile(before, list));
        setProgress(Object.fromEntries(beats.map((b) => [b.runId, b])));
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(reload, [reload]);

  useEvents((event) => {
    if (event.type === "run") {
      const run = event.data as RunEvent;
      const known = knows(run.hostId);
      setHosts((list) => {
        if (!list) return list;
        return list.map((h) => (h.id === run.hostId && (!h.latestRun || h.latestRun.id <= run.id) ? { ...h, latestRun: mergeRun(h, run) } : h));
      });
      if (!known) reload();
    } else if (event.type === "host") {
      const host = event.data as HostEvent;
      const known = knows(host.id);
      setHosts((list) => {
        if (!list) return list;
        if (host.deleted) return list.filter((h) => h.id !== host.id);
        return list.map((h) => (h.id === host.id ? { ...h, name: host.name, mac: host.mac, wolBroadcast: host.wolBroadcast } : h));
      });
      if (!known && !host.deleted) reload();
    } else if (event.type === "progress") {
      const beat = event.data as Progress;
      setProgress((all) => ({ ...all, [beat.runId]: beat }));
    }
  }, reload);

  return { hosts, progress, error, reload };
}

function mergeRun(host: Host, run: RunEvent): Host["latestRun"] {
  const before = host.latestRun && host.latestRun.id === run.id ? host.latestRun : null;
  return {
    id: run.id,
    hostId: run.hostId,
    hostName: run.hostName ?? host.name,
    state: run.state,
    profile: run.profile,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    failure: run.failure ?? (run.state === before?.state ? before.failure : null),
    verdict: verdictOf(run.state) ?? before?.verdict ?? null,
  };
}

function verdictOf(state: string): string | null {
  switch (state) {
    case "Passed":
      return "passed";
    case "Failed":
    case "FailedHolding":
      return "failed";
    case "Cancelled":
      return "cancelled";
    default:
      return null;
  }
}

/** Keeps the objects of hosts that did not change, so a refetch re-renders only the tiles that did. */
function reconcile(before: Host[] | null, after: Host[]): Host[] {
  if (!before) return after;
  const old = new Map(before.map((h) => [h.id, h]));
  return after.map((h) => {
    const previous = old.get(h.id);
    return previous && JSON.stringify(previous) === JSON.stringify(h) ? previous : h;
  });
}
