import { ICONS, label, toneOf } from "./states";

/** State as icon + words + colour; the raw state name stays in data-state for tests and scripts. */
export function StateBadge({ state }: { state: string | null | undefined }) {
  const tone = toneOf(state);
  return (
    <span className={`badge tone-${tone}`} data-state={state ?? "None"}>
      <span aria-hidden="true">{ICONS[tone]}</span> {state ? label(state) : "Not vetted"}
      {state && label(state) !== state ? <span className="sr-only"> ({state})</span> : null}
    </span>
  );
}
