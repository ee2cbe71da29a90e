import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, ApiError } from "../api/client";
import type { Host, HostRequest } from "../api/types";
import { DeleteHost } from "./DeleteHost";
import { Field } from "./Field";
import { parseSpecErrors } from "./specErrors";
import { SAMPLE_SPEC, SpecReference } from "./SpecHelp";

const SpecEditor = lazy(() => import("./SpecEditor"));

const EMPTY: HostRequest = { name: "", mac: "", wolBroadcast: "", expectedSpec: SAMPLE_SPEC };

/** `/hosts/new` and `/hosts/:id/edit`: register or edit a host; the server's field errors appear next to their field. */
export default function HostForm() {
  const { id } = useParams();
  const editing = id !== undefined;
  const navigate = useNavigate();
  const [host, setHost] = useState<Host | null>(null);
  const [form, setForm] = useState<HostRequest | null>(editing ? null : EMPTY);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const specErrors = useMemo(() => parseSpecErrors(fields.expectedSpec), [fields]);

  useEffect(() => {
    if (!editing) return;
    api.get<Host>(`/api/v1/hosts/${id}`).then(
      (h) => {
        setHost(h);
        setForm({ name: h.name, mac: h.mac, wolBroadcast: h.wolBroadcast, expectedSpec: h.expectedSpec, site: h.site });
      },
      (e: Error) => setError(e.message),
    );
  }, [editing, id]);

  if (!form) return error ? <p className="error" role="alert">{error}</p> : <p aria-busy="true">Loading…</p>;
  const set = (key: keyof HostRequest) => (value: string) => setForm((f) => (f ? { ...f, [key]: value } : f));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { ...form, site: form.site?.trim() ? form.site.trim() : undefined };
      const saved = editing ? await api.put<Host>(`/api/v1/hosts/${id}`, body) : await api.post<Host>("/api/v1/hosts", body);
      navigate(editing ? `/hosts/${saved.id}` : "/");
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        setError(Object.keys(err.fields).length > 0 ? "Please correct the fields marked below." : err.message);
      } else setError(String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{editing ? `Edit ${host?.name ?? "host"}` : "Register a host"}</h1>
      <form className="form" onSubmit={submit} noValidate>
        {error ? <p className="error" role="alert" data-testid="form-error">{error}</p> : null}
        <Field id="name" label="Name" hint="1–63 of letters, digits, '.', '_' or '-', e.g. node-07" errors={fields.name}>
          {(aria) => <input id="name" {...aria} value={form.name} onChange={(e) => set("name")(e.target.value)} autoComplete="off" required />}
        </Field>
        <Field id="mac" label="MAC address" hint="The NIC it PXE-boots from; any spelling: 52:54:00:12:34:56, 52-54-00-12-34-56, 525400123456" errors={fields.mac}>
          {(aria) => <input id="mac" {...aria} value={form.mac} onChange={(e) => set("mac")(e.target.value)} autoComplete="off" spellCheck={false} required />}
        </Field>
        <Field id="wolBroadcast" label="Wake-on-LAN broadcast IP" hint="The broadcast address of the node's network, e.g. 10.77.0.255" errors={fields.wolBroadcast}>
          {(aria) => <input id="wolBroadcast" {...aria} value={form.wolBroadcast} onChange={(e) => set("wolBroadcast")(e.target.value)} inputMode="decimal" required />}
        </Field>
        <Field id="site" label="Site" hint="The L2 segment whose orchestrator wakes and boots this node, e.g. rack-b; empty: this orchestrator's site" errors={fields.site}>
          {(aria) => <input id="site" {...aria} value={form.site ?? ""} onChange={(e) => set("site")(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <div className="field">
          <label htmlFor="expectedSpec">Expected spec (YAML)</label>
          <span className="hint" id="expectedSpec-hint">
            What this node should have; a mismatch fails the run. See the <a href="#spec-reference">spec reference</a>.
          </span>
          <Suspense fallback={<p aria-busy="true">Loading the editor…</p>}>
            <SpecEditor id="expectedSpec" value={form.expectedSpec} onChange={set("expectedSpec")} errors={specErrors}
              describedBy="expectedSpec-hint expectedSpec-error" />
          </Suspense>
          <ul id="expectedSpec-error" className="spec-errors" data-testid="expectedSpec-error">
            {specErrors.map((e) => (
              <li className="error" key={`${e.line}-${e.message}`} data-line={e.line ?? ""}>
                {e.line ? `Line ${e.line}: ` : ""}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Saving…" : editing ? "Save changes" : "Register host"}
          </button>
          <Link className="button" to={editing ? `/hosts/${id}` : "/"}>
            Cancel
          </Link>
          {host ? <DeleteHost host={host} /> : null}
        </div>
      </form>
      <SpecReference open={!editing} />
    </>
  );
}
