import type { SpecDiff } from "../api/types";

/** Expected vs actual for every spec difference, with its severity in words (and colour). */
export function SpecDiffs({ diffs }: { diffs: SpecDiff[] }) {
  if (diffs.length === 0) return <p className="muted">No differences from the expected spec (or the inventory stage has not run yet).</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Field</th>
            <th scope="col">Expected</th>
            <th scope="col">Actual</th>
          </tr>
        </thead>
        <tbody>
          {diffs.map((d) => (
            <tr key={d.path} data-severity={d.severity}>
              <td>
                <span className={`badge tone-${d.severity === "fail" ? "bad" : "warn"}`}>
                  <span aria-hidden="true">{d.severity === "fail" ? "✕" : "!"}</span> {d.severity}
                </span>
              </td>
              <td><code>{d.path}</code></td>
              <td>{d.expected}</td>
              <td>{d.actual}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
