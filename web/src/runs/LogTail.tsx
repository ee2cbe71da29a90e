import { useEffect, useRef, useState } from "react";
import { api } from "../api/client";

/** The run log's last lines; refetched whenever the run changes (`version`) and every few seconds while it is active. */
export function LogTail({ runId, active, version }: { runId: number; active: boolean; version: number }) {
  const [text, setText] = useState<string | null>(null);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let live = true;
    const load = () => api.text(`/api/v1/runs/${runId}/log?tail=200`).then((t) => live && setText(t), () => live && setText(""));
    void load();
    const timer = active ? setInterval(load, 3000) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [runId, active, version]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [text, follow]);

  return (
    <>
      <label className="small">
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow the end of the log
      </label>
      <pre className="log" ref={box} tabIndex={0} aria-label="Run log" data-testid="run-log">
        {text === null ? "Loading…" : text || "The log is empty so far."}
      </pre>
    </>
  );
}
