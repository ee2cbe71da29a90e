import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, ApiError } from "../api/client";
import type { Host } from "../api/types";
import { ConfirmDialog } from "../ui/ConfirmDialog";

/** Delete with confirmation; the server refuses (409) while a run is active and its reason is shown. */
export function DeleteHost({ host }: { host: Host }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();

  const remove = async () => {
    setBusy(true);
    try {
      await api.del(`/api/v1/hosts/${host.id}`);
      navigate("/");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="danger" onClick={() => { setError(null); setAsking(true); }}>
        Delete host
      </button>
      {asking ? (
        <ConfirmDialog title={`Delete ${host.name}?`} confirmLabel="Delete the host" danger busy={busy} error={error}
          onConfirm={remove} onCancel={() => setAsking(false)}>
          <p>{host.name} ({host.mac}) leaves the dashboard and is no longer offered a PXE boot. Its run history and reports are kept.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
