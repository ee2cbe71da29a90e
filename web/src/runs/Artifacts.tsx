import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Artifact } from "../api/types";
import { formatBytes, formatTime } from "../ui/format";

/** The run's uploaded files, each a download link. */
export function Artifacts({ runId, version }: { runId: number; version: number }) {
  const [items, setItems] = useState<Artifact[] | null>(null);
  useEffect(() => {
    let live = true;
    api.get<Artifact[]>(`/api/v1/runs/${runId}/artifacts`).then((a) => live && setItems(a), () => live && setItems([]));
    return () => {
      live = false;
    };
  }, [runId, version]);
  if (!items) return <p aria-busy="true">Loading…</p>;
  if (items.length === 0) return <p className="muted">No files yet; stages upload their raw output as they finish.</p>;
  return (
    <ul className="artifacts">
      {items.map((a) => (
        <li key={a.name}>
          <a href={`/api/v1/runs/${runId}/artifacts/${encodeURIComponent(a.name)}`} download={a.name}>
            {a.name}
          </a>{" "}
          <span className="muted small">
            {formatBytes(a.sizeBytes)} · {formatTime(a.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
