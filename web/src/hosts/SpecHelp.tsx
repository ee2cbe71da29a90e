/** The sample spec for a new host and a short reference of the spec's keys (full contract: spec-and-inventory.md). */
export const SAMPLE_SPEC = `# Expected spec: only what you write is checked. Delete what you do not need.
memory: { total_gib: 4 }
cpu: { logical_cores: 4 }
# disks:
#   - { model: "Samsung SSD 970*", size_gb: { min: 900 }, count: 2 }
# nics:
#   - { speed_mbps: { min: 10000 } }
# thresholds:
#   storage: { min_seq_read_mbps: 400 }
`;

export function SpecReference({ open }: { open?: boolean }) {
  return (
    <details id="spec-reference" className="card" open={open}>
      <summary>Spec reference</summary>
      <p>snake_case keys, all optional; only what is written is checked.</p>
      <ul>
        <li><code>system</code>: vendor, product · <code>bios</code>: vendor, version</li>
        <li><code>cpu</code>: model, sockets, physical_cores, logical_cores</li>
        <li><code>memory</code>: total_gib (±2 % or 0.25 GiB), dimm_count, ecc</li>
        <li><code>disks</code>, <code>nics</code>, <code>gpus</code>: lists of entries that must match <code>count</code> devices (default 1); disks match by model, serial or WWN</li>
        <li><code>thresholds</code>: cpu.max_temp_c, storage.min_seq_read_mbps, network.min_throughput_pct</li>
      </ul>
      <p>A scalar means equal; strings take globs (<code>*</code>, <code>?</code>) or <code>/regex/</code>; <code>{"{ min: 900, max: 1000 }"}</code> bounds numbers;
        <code>{"{ equals: \"3.4\", severity: warn }"}</code> only warns on a mismatch.</p>
    </details>
  );
}
