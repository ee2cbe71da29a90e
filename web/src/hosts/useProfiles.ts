import { useEffect, useState } from "react";
import { api } from "../api/client";

const FALLBACK = ["quick", "standard", "burn-in"];
let cached: Promise<string[]> | null = null;
let resolved: string[] | null = null;

/** Profiles of the `vetting` workflow (its `profiles` variable), read once per page load. */
export function useProfiles(): string[] {
  const [profiles, setProfiles] = useState<string[]>(resolved ?? FALLBACK);
  useEffect(() => {
    cached ??= api
      .get<{ variables?: { name: string; value?: unknown }[] }>("/api/v1/workflow-definitions/vetting")
      .then((d) => {
        const value = d.variables?.find((v) => v.name === "profiles")?.value;
        const names = value && typeof value === "object" ? Object.keys(value) : [];
        resolved = names.length > 0 ? names : FALLBACK;
        return resolved;
      })
      .catch(() => FALLBACK);
    let live = true;
    // Only a different list re-renders: 200 tiles each setting an equal list would be one long task.
    void cached.then((p) => live && setProfiles((current) => (current.join() === p.join() ? current : p)));
    return () => {
      live = false;
    };
  }, []);
  return profiles;
}
