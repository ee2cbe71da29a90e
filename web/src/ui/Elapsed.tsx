import { between, formatDuration } from "./format";
import { useNow } from "./useNow";

/** Time since `start` (until `end`, or ticking while there is none). */
export function Elapsed({ start, end }: { start: string | null | undefined; end: string | null | undefined }) {
  const now = useNow(!end && !!start);
  return <>{formatDuration(between(start, end, now))}</>;
}
