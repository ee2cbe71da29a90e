import type { Measurement } from "../api/types";
import type { Bar } from "./BarChart";

export type Group = { key: string; title: string; unit: string; bars: Bar[]; referenceLabel?: string };

const label = (m: Measurement) => m.device ?? m.name;

/** The key measurements, grouped for charts: CPU ops/s, memtester coverage, fio MB/s per disk, iperf3 each way, temperatures. */
export function groupMeasurements(all: Measurement[]): Group[] {
  const groups: Group[] = [];
  const add = (key: string, title: string, unit: string, items: Measurement[], ref?: (m: Measurement) => number | undefined, referenceLabel?: string) => {
    if (items.length > 0)
      groups.push({ key, title, unit, referenceLabel, bars: items.map((m) => ({ label: labelFor(m), value: m.value, reference: ref?.(m) })) });
  };
  add("cpu", "CPU: bogo ops/s per stressor", "ops/s", all.filter((m) => m.name.endsWith("_bogo_ops_per_s")));
  add("memory", "Memory: memtester coverage", "%", all.filter((m) => m.name === "memory_coverage"));
  add("storage", "Storage: sequential read per disk", "MB/s", all.filter((m) => m.name === "seq_read" || m.name === "wipe_probe_write"));
  const link = new Map(all.filter((m) => m.name === "link_speed").map((m) => [m.device, m.value]));
  add("network", "Network: iperf3 each way vs link speed", "Mbit/s", all.filter((m) => m.name === "throughput_rx" || m.name === "throughput_tx"),
    (m) => link.get(m.device), "link speed");
  add("temp", "Temperatures", "°C", all.filter((m) => m.unit === "C" || m.name.includes("temp")));
  return groups;
}

function labelFor(m: Measurement): string {
  if (m.name.endsWith("_bogo_ops_per_s")) return m.name.replace("_bogo_ops_per_s", "");
  if (m.name === "throughput_rx") return `${label(m)} ↓ rx`;
  if (m.name === "throughput_tx") return `${label(m)} ↑ tx`;
  if (m.name === "wipe_probe_write") return `${label(m)} write`;
  return label(m);
}
