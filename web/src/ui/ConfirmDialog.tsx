import { useEffect, useRef, type ReactNode } from "react";

type Props = {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
};

/** A modal <dialog> that says exactly what will happen; Escape or "Keep it" backs out. */
export function ConfirmDialog({ title, confirmLabel, danger, busy, error, onConfirm, onCancel, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="confirm" aria-labelledby="confirm-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id="confirm-title">{title}</h2>
      <div className="confirm-body">{children}</div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="actions">
        <button type="button" onClick={onCancel} autoFocus>
          Keep it
        </button>
        <button type="button" className={danger ? "danger" : "primary"} onClick={onConfirm} disabled={busy}>
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
