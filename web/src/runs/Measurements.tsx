import { lazy, Suspense, useMemo } from "react";
import type { Measurement } from "../api/types";
import { formatNumber } from "../ui/format";
import { groupMeasurements } from "./measurementGroups";

const BarChart = lazy(() => import("./BarChart"));

/** Charts of the key measurements, and every measurement in a table. */
export function Measurements({ measurements }: { measurements: Measurement[] }) {
  const groups = useMemo(() => groupMeasurements(measurements), [measurements]);
  if (measurements.length === 0) return <p className="muted">No measurements yet; each stage adds its figures when it ends.</p>;
  return (
    <>
      <div className="grid-2">
        {groups.map((g) => (
          <figure key={g.key} className="card" style={{ margin: 0 }}>
            <Suspense fallback={<div className="chart" />}>
              <BarChart bars={g.bars} unit={g.unit} title={g.title} referenceLabel={g.referenceLabel} />
            </Suspense>
          </figure>
        ))}
      </div>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">All measurements</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Name</th>
              <th scope="col">Device</th>
              <th scope="col" className="num">Value</th>
            </tr>
          </thead>
          <tbody>
            {measurements.map((m, i) => (
              <tr key={i}>
                <td>{m.stage}</td>
                <td>{m.name}</td>
                <td>{m.device ?? "—"}</td>
                <td className="num">{formatNumber(m.value, m.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
