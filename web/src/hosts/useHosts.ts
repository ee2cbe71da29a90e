import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import type { Host, Progress } from "../api/types";
import type { StreamEvent } from "../events/eventStream";
import { useEvents } from "../events/useEvents";
import { applyEvent, reconcile } from "./hostEvents";

export type HostsState = {
  hosts: Host[] | null;
  progress: Record<number, Progress>;
  error: string | null;
  reload: () => void;
};

/**
 * The dashboard's data: hosts with their latest run, kept live by SSE; a `reset` (or a host we do not know)
 * refetches. Events that arrive while a fetch is in flight are applied again on top of its answer, so a
 * response that left the server before them can never put a tile back in an older state.
 */
export function useHosts(): HostsState {
  const [hosts, setHosts] = useState<Host[] | null>(null);
  const [progress, setProgress] = useState<Record<number, Progress>>({});
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const sinceFetch = useRef<StreamEvent[]>([]);
  const current = useRef<Host[] | null>(null);
  current.current = hosts;

  const reload = useCallback(() => {
    const mine = ++generation.current;
    sinceFetch.current = [];
    Promise.all([api.get<Host[]>("/api/v1/hosts"), api.get<Progress[]>("/api/v1/progress")])
      .then(([list, beats]) => {
        if (mine !== generation.current) return; // a newer fetch is on its way
        const missed = sinceFetch.current;
        startTransition(() => {
          setHosts((before) => missed.reduce((acc, e) => applyEvent(acc, e.type, e.data).list, reconcile(before, list)));
          setProgress((current) => ({ ...Object.fromEntries(beats.map((b) => [b.runId, b])), ...pick(current, missed) }));
          setError(null);
        });
      })
      .catch((e: Error) => mine === generation.current && setError(e.message));
  }, []);

  useEffect(reload, [reload]);

  useEvents((event) => {
    sinceFetch.current.push(event);
    // Transitions: React renders a burst of events (200 runs starting) in slices instead of one long task.
    if (event.type === "progress") {
      const beat = event.data as Progress;
      startTransition(() => setProgress((all) => ({ ...all, [beat.runId]: beat })));
      return;
    }
    startTransition(() => setHosts((list) => (list ? applyEvent(list, event.type, event.data).list : list)));
    // A host this page has not seen (registered elsewhere): fetch the list for its full record.
    if (current.current && applyEvent(current.current, event.type, event.data).unknown) reload();
  }, reload);

  return { hosts, progress, error, reload };
}

function pick(current: Record<number, Progress>, events: StreamEvent[]): Record<number, Progress> {
  const ids = new Set(events.filter((e) => e.type === "progress").map((e) => (e.data as Progress).runId));
  return Object.fromEntries(Object.entries(current).filter(([id]) => ids.has(Number(id))));
}
