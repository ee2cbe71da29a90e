import { useDeferredValue, useEffect, useMemo } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useProgressive } from "../ui/useProgressive";
import { DashboardToolbar } from "./DashboardToolbar";
import { HostTile } from "./HostTile";
import { useHosts } from "./useHosts";
import { useLastVerdicts } from "./useLastVerdicts";

/** `/`: a live tile per host, counts per state, search and state filter (kept in the URL). */
export function Dashboard() {
  const { hosts, progress, error } = useHosts();
  const lastVerdicts = useLastVerdicts(hosts !== null);
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const state = params.get("state") ?? "";
  const deferredQuery = useDeferredValue(query);

  const set = (key: string, value: string) =>
    setParams((p) => {
      if (value) p.set(key, value);
      else p.delete(key);
      return p;
    }, { replace: true });

  const shown = useMemo(() => {
    const q = deferredQuery.trim().toLowerCase();
    return (hosts ?? []).filter((h) => {
      const s = h.latestRun?.state ?? "None";
      if (state && s !== state) return false;
      return !q || h.name.toLowerCase().includes(q) || h.mac.includes(q) || s.toLowerCase().includes(q);
    });
  }, [hosts, deferredQuery, state]);
  const mounted = useProgressive(shown);
  // The tab says when a node waits for the operator, even while another tab is in front.
  const held = hosts?.filter((h) => h.latestRun?.state === "FailedHolding").length ?? 0;
  useEffect(() => {
    document.title = held > 0 ? `(${held} held) Vetting` : "Vetting";
    return () => {
      document.title = "Vetting";
    };
  }, [held]);

  if (error && !hosts) return <p className="error" role="alert">Cannot load the hosts: {error}</p>;
  if (!hosts) return <p aria-busy="true">Loading hosts…</p>;

  return (
    <>
      <div className="page-head">
        <h1>Hosts</h1>
        <Link className="button primary" to="/hosts/new">
          Register host
        </Link>
      </div>
      {hosts.length === 0 ? (
        <section className="empty">
          <h2>No hosts yet</h2>
          <p>Register a node with its MAC address, Wake-on-LAN broadcast and expected spec, then press Start Vetting on its tile.</p>
          <p>Trying it out? Register a QEMU VM first (docs/operations.md, "First vetting run").</p>
          <Link className="button primary" to="/hosts/new">
            Register your first host
          </Link>
        </section>
      ) : (
        <>
          <DashboardToolbar hosts={hosts} query={query} state={state} onQuery={(q) => set("q", q)} onState={(s) => set("state", s)} />
          {shown.length === 0 ? <p className="empty">No host matches this search or filter.</p> : null}
          <ul className="tiles" aria-label="Hosts">
            {mounted.map((h) => (
              <HostTile key={h.id} host={h} progress={h.latestRun ? progress[h.latestRun.id] : undefined} lastVerdict={lastVerdicts[h.id]} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
