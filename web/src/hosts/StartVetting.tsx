import { useId, useState } from "react";
import { api, ApiError } from "../api/client";
import { useProfiles } from "./useProfiles";

/** Profile picker (default `standard`) and the Start Vetting button. */
export function StartVetting({ hostId, hostName, onStarted }: { hostId: number; hostName: string; onStarted?: () => void }) {
  const profiles = useProfiles();
  const [profile, setProfile] = useState("standard");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/hosts/${hostId}/runs`, { profile });
      onStarted?.();
    } catch (e) {
      setError(e instanceof ApiError ? (Object.values(e.fields)[0]?.[0] ?? e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="start">
      <label htmlFor={id} className="sr-only">
        Profile for {hostName}
      </label>
      <select id={id} value={profile} onChange={(e) => setProfile(e.target.value)}>
        {profiles.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <button type="button" className="primary" onClick={start} disabled={busy} aria-label={`Start Vetting ${hostName}`}>
        {busy ? "Starting…" : "Start Vetting"}
      </button>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  );
}
