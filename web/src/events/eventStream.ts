/**
 * The one EventSource of the page (GET /api/v1/events), shared by every live view. EventSource resends
 * Last-Event-ID on its own reconnects; when the browser gives up (readyState CLOSED, e.g. the server answered
 * 503 while restarting) this opens a new one with ?lastEventId= so the server replays what was missed or says `reset`.
 */
export type StreamStatus = "connecting" | "online" | "offline";
export type StreamEvent = { type: string; data: unknown };
type Listener = (event: StreamEvent) => void;
type StatusListener = (status: StreamStatus) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<StatusListener>();
let source: EventSource | null = null;
let lastEventId: string | null = null;
let status: StreamStatus = "connecting";
let retry: ReturnType<typeof setTimeout> | null = null;
let retryDelay = 1000;

function setStatus(next: StreamStatus) {
  if (next === status) return;
  status = next;
  for (const listener of statusListeners) listener(next);
}

function dispatch(type: string, message: MessageEvent<string>) {
  if (message.lastEventId) lastEventId = message.lastEventId;
  let data: unknown = null;
  try {
    data = JSON.parse(message.data);
  } catch {
    return; // not ours: ignore rather than break the page
  }
  for (const listener of listeners) listener({ type, data });
}

function open() {
  retry = null;
  const url = lastEventId ? `/api/v1/events?lastEventId=${encodeURIComponent(lastEventId)}` : "/api/v1/events";
  const es = new EventSource(url);
  source = es;
  es.onopen = () => {
    retryDelay = 1000;
    setStatus("online");
    // Without an id the server cannot replay what happened before this connection (page load, or a drop before
    // any event arrived): tell the views to refetch, as a server `reset` would.
    if (!lastEventId) for (const listener of listeners) listener({ type: "reset", data: { reason: "no-event-id" } });
  };
  es.onerror = () => {
    setStatus("offline");
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      if (source === es) source = null;
      scheduleReopen();
    }
  };
  for (const type of ["run", "host", "progress", "reset"]) {
    es.addEventListener(type, (e) => dispatch(type, e as MessageEvent<string>));
  }
}

function scheduleReopen() {
  if (retry || listeners.size === 0) return;
  retry = setTimeout(open, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 10000);
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source && !retry) open();
  return () => {
    listeners.delete(listener);
  };
}

export function onStatus(listener: StatusListener): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

export const currentStatus = () => status;
