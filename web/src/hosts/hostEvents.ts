import type { Host, HostEvent, RunEvent } from "../api/types";

/** Pure updates of the host list by one SSE event; `unknown` says the event names a host the list lacks. */
export function applyEvent(list: Host[], type: string, data: unknown): { list: Host[]; unknown: boolean } {
  if (type === "run") {
    const run = data as RunEvent;
    const unknown = !list.some((h) => h.id === run.hostId);
    return {
      unknown,
      list: list.map((h) => (h.id === run.hostId && (!h.latestRun || h.latestRun.id <= run.id) ? { ...h, latestRun: mergeRun(h, run) } : h)),
    };
  }
  if (type === "host") {
    const host = data as HostEvent;
    const unknown = !host.deleted && !list.some((h) => h.id === host.id);
    if (host.deleted) return { unknown, list: list.filter((h) => h.id !== host.id) };
    return { unknown, list: list.map((h) => (h.id === host.id ? { ...h, name: host.name, mac: host.mac, wolBroadcast: host.wolBroadcast } : h)) };
  }
  return { list, unknown: false };
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
    // A run belongs to the site its host had when it was queued.
    site: before?.site ?? host.site,
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
export function reconcile(before: Host[] | null, after: Host[]): Host[] {
  if (!before) return after;
  const old = new Map(before.map((h) => [h.id, h]));
  return after.map((h) => {
    const previous = old.get(h.id);
    return previous && JSON.stringify(previous) === JSON.stringify(h) ? previous : h;
  });
}
