import type { Host } from "../api/types";
import { ICONS, label, STATES, toneOf } from "../ui/states";

type Props = {
  hosts: Host[];
  query: string;
  state: string;
  onQuery: (q: string) => void;
  onState: (s: string) => void;
};

/** Counts per state (each a filter toggle) and the search box. */
export function DashboardToolbar({ hosts, query, state, onQuery, onState }: Props) {
  const counts = new Map<string, number>();
  for (const h of hosts) {
    const s = h.latestRun?.state ?? "None";
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const shown = ["None", ...STATES].filter((s) => counts.has(s));
  return (
    <div className="toolbar">
      <ul className="counts" aria-label="Hosts per state">
        <li>
          <button type="button" aria-pressed={state === ""} onClick={() => onState("")}>
            All <strong>{hosts.length}</strong>
          </button>
        </li>
        {shown.map((s) => (
          <li key={s}>
            <button type="button" className={`tone-${toneOf(s === "None" ? null : s)}`} aria-pressed={state === s} onClick={() => onState(state === s ? "" : s)}
              data-count-state={s}>
              <span aria-hidden="true">{ICONS[toneOf(s === "None" ? null : s)]}</span> {s === "None" ? "Not vetted" : label(s)} <strong>{counts.get(s)}</strong>
            </button>
          </li>
        ))}
      </ul>
      <div className="search">
        <label htmlFor="host-search">Search</label>
        <input id="host-search" type="search" value={query} placeholder="name, MAC or state" onChange={(e) => onQuery(e.target.value)} />
      </div>
    </div>
  );
}
