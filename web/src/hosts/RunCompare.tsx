import { useEffect, useMemo, useState } from "react";
import { api } from "../api/client";
import type { Run, RunSummary } from "../api/types";
import { formatNumber } from "../ui/format";

const LOWER_IS_BETTER = new Set(["C"]);

/** Key measurements of two runs side by side: has this node got slower since its last vetting? */
export function RunCompare({ runs }: { runs: RunSummary[] }) {
  const candidates = runs.filter((r) => r.endedAt);
  const [a, setA] = useState<number | null>(candidates[1]?.id ?? null);
  const [b, setB] = useState<number | null>(candidates[0]?.id ?? null);
  const [details, setDetails] = useState<Record<number, Run>>({});

  useEffect(() => {
    for (const id of [a, b]) {
      if (id != null && !details[id]) api.get<Run>(`/api/v1/runs/${id}`).then((r) => setDetails((d) => ({ ...d, [id]: r })), () => undefined);
    }
  }, [a, b, details]);

  const rows = useMemo(() => {
    const before = a != null ? details[a] : undefined;
    const after = b != null ? details[b] : undefined;
    if (!before || !after) return [];
    const key = (m: Run["measurements"][number]) => `${m.stage}|${m.name}|${m.device ?? ""}`;
    const old = new Map(before.measurements.map((m) => [key(m), m]));
    return after.measurements
      .filter((m) => old.has(key(m)))
      .map((m) => {
        const prev = old.get(key(m))!;
        const change = prev.value !== 0 ? ((m.value - prev.value) / Math.abs(prev.value)) * 100 : 0;
        const worse = LOWER_IS_BETTER.has(m.unit) ? change > 5 : change < -5;
        return { key: key(m), m, prev, change, worse };
      });
  }, [a, b, details]);

  if (candidates.length < 2) return <p className="muted">Comparisons appear once this host has two finished runs.</p>;
  const picker = (id: string, text: string, value: number | null, set: (v: number) => void) => (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      <select id={id} value={value ?? ""} onChange={(e) => set(Number(e.target.value))}>
        {candidates.map((r) => (
          <option key={r.id} value={r.id}>
            #{r.id} · {r.profile} · {r.verdict ?? r.state}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <div className="actions">
        {picker("compare-a", "Earlier run", a, setA)}
        {picker("compare-b", "Later run", b, setB)}
      </div>
      {rows.length === 0 ? <p className="muted">These runs share no measurement to compare.</p> : (
        <div className="table-wrap">
          <table data-testid="compare-table">
            <thead>
              <tr><th scope="col">Measurement</th><th scope="col" className="num">#{a}</th><th scope="col" className="num">#{b}</th><th scope="col" className="num">Change</th></tr>
            </thead>
            <tbody>
              {rows.map(({ key, m, prev, change, worse }) => (
                <tr key={key}>
                  <td>{m.stage} · {m.name}{m.device ? ` · ${m.device}` : ""}</td>
                  <td className="num">{formatNumber(prev.value, m.unit)}</td>
                  <td className="num">{formatNumber(m.value, m.unit)}</td>
                  <td className={`num ${worse ? "failure" : ""}`}>{change >= 0 ? "+" : ""}{formatNumber(change)} %{worse ? " (worse)" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
