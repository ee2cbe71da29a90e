import { useStreamStatus } from "../events/useEvents";

/** Shown while the live stream is down; the stream reconnects by itself and the page catches up. */
export function OfflineBanner() {
  const status = useStreamStatus();
  if (status !== "offline") return null;
  return (
    <div className="banner offline" role="status" data-testid="offline-banner">
      <strong>Offline:</strong> lost the live connection to the server. Reconnecting automatically; what you see may be out of date.
    </div>
  );
}
