import { useEffect, useState } from "react";
import { api } from "../api/client";

const FALLBACK = ["quick", "standard", "burn-in"];
let cached: Promise<string[]> | null = null;

/** Profiles of the `vetting` workflow (its `profiles` variable), read once per page load. */
export function useProfiles(): string[] {
  const [profiles, setProfiles] = useState<string[]>(FALLBACK);
  useEffect(() => {
    cached ??= api
      .get<{ variables?: { name: string; value?: unknown }[] }>("/api/v1/workflow-definitions/vetting")
      .then((d) => {
        const value = d.variables?.find((v) => v.name === "profiles")?.value;
        const names = value && typeof value === "object" ? Object.keys(value) : [];
        return names.length > 0 ? names : FALLBACK;
      })
      .catch(() => FALLBACK);
    let live = true;
    void cached.then((p) => live && setProfiles(p));
    return () => {
      live = false;
    };
  }, []);
  return profiles;
}
