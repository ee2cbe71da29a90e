import { api } from "../api/client";
import type { Artifact, Failure, Measurement } from "../api/types";

type InventoryDisk = { name?: string; model?: string | null; serial?: string | null; sizeBytes?: number | null; blank?: boolean | null; bootMedia?: boolean | null };

export type DiskAtRisk = { name: string; detail: string };

/**
 * Which disks an override would let the wipe-probe overwrite, from what the run has: the inventory artifact
 * (non-blank disks that are not the boot media), else the storage measurements' devices, plus any disk the failure
 * message names ("sdb has a gpt partition table").
 */
export async function disksAtRisk(runId: number, failure: Failure | null, measurements: Measurement[] = []): Promise<DiskAtRisk[]> {
  const found = new Map<string, string>();
  try {
    const artifacts = await api.get<Artifact[]>(`/api/v1/runs/${runId}/artifacts`);
    if (artifacts.some((a) => a.name === "inventory.json")) {
      const inventory = await api.get<{ disks?: InventoryDisk[] }>(`/api/v1/runs/${runId}/artifacts/inventory.json`);
      for (const disk of inventory.disks ?? []) {
        if (!disk.name || disk.bootMedia || disk.blank) continue;
        const size = disk.sizeBytes ? `${Math.round(disk.sizeBytes / 1e9)} GB` : "size unknown";
        found.set(disk.name, [disk.model, disk.serial ? `serial ${disk.serial}` : null, size].filter(Boolean).join(", "));
      }
    }
  } catch {
    // No inventory to read: fall back to what else the run says.
  }
  for (const m of measurements) {
    if (m.stage === "storage" && m.device && !found.has(m.device)) found.set(m.device, "tested by the storage stage");
  }
  for (const match of (failure?.message ?? "").matchAll(/\b([a-z]{2,}[0-9a-z]*?) (?:has|could not be checked)/g)) {
    if (!found.has(match[1])) found.set(match[1], "named in the failure");
  }
  return [...found].map(([name, detail]) => ({ name, detail }));
}
