import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type Bar = { label: string; value: number; reference?: number };

/**
 * Horizontal-axis bar chart drawn by uPlot: one bar per label, and a second series of reference values (e.g. link
 * speed, the threshold) when given. Always paired with a table, so nothing is only in the picture.
 */
export default function BarChart({ bars, unit, title, referenceLabel }: { bars: Bar[]; unit: string; title: string; referenceLabel?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || bars.length === 0) return;
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue("--text").trim() || "#222";
    const accent = styles.getPropertyValue("--accent").trim() || "#1d4ed8";
    const muted = styles.getPropertyValue("--muted").trim() || "#888";
    const xs = bars.map((_, i) => i);
    const hasRef = bars.some((b) => b.reference != null);
    const barsPath = uPlot.paths.bars!({ size: [hasRef ? 0.4 : 0.6, 60], align: hasRef ? -1 : 0 });
    const refPath = uPlot.paths.bars!({ size: [0.4, 60], align: 1 });
    const series: uPlot.Series[] = [{}, { label: unit, stroke: accent, fill: accent + "99", paths: barsPath, points: { show: false } }];
    const data: uPlot.AlignedData = [xs, bars.map((b) => b.value)];
    if (hasRef) {
      series.push({ label: referenceLabel ?? "reference", stroke: muted, fill: muted + "55", paths: refPath, points: { show: false } });
      data.push(bars.map((b) => b.reference ?? null));
    }
    const axis = { stroke: text, grid: { stroke: muted + "33" }, ticks: { stroke: muted + "55" } };
    const chart = new uPlot(
      {
        width: el.clientWidth || 320,
        height: 200,
        title,
        scales: { x: { time: false, range: [-0.5, bars.length - 0.5] }, y: { range: (_u, _min, max) => [0, max * 1.1 || 1] } },
        axes: [{ ...axis, splits: () => xs, values: (_u, ticks) => ticks.map((t) => bars[t]?.label ?? "") }, { ...axis, size: 60 }],
        series,
        legend: { show: hasRef, live: false },
        cursor: { show: false },
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [bars, unit, title, referenceLabel]);
  return <div className="chart" ref={host} role="img" aria-label={`${title} (chart; the table beside it has the values)`} />;
}
