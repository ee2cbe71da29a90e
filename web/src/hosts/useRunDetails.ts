import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Run } from "../api/types";

/** Full runs for a few ids (workflow version is only in the full run), fetched once each. */
export function useRunDetails(ids: number[]): Record<number, Run> {
  const [details, setDetails] = useState<Record<number, Run>>({});
  const key = ids.join(",");
  useEffect(() => {
    let live = true;
    for (const id of ids) {
      if (details[id]) continue;
      api.get<Run>(`/api/v1/runs/${id}`).then((r) => live && setDetails((d) => ({ ...d, [id]: r })), () => undefined);
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return details;
}
