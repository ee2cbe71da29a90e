import { useEffect, useRef, useSyncExternalStore } from "react";
import { currentStatus, onStatus, subscribe, type StreamEvent } from "./eventStream";

/**
 * The SSE hook every live view uses: calls `handler` for each `run`, `host` and `progress` event and `onReset`
 * when the server says the client's state may be stale (after a reconnect it could not replay).
 */
export function useEvents(handler: (event: StreamEvent) => void, onReset: () => void) {
  const handlerRef = useRef(handler);
  const resetRef = useRef(onReset);
  handlerRef.current = handler;
  resetRef.current = onReset;
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === "reset") resetRef.current();
        else handlerRef.current(event);
      }),
    [],
  );
}

/** Whether the live stream is connected; drives the offline banner. */
export function useStreamStatus() {
  return useSyncExternalStore(onStatus, currentStatus, currentStatus);
}
