import { useRef, useState } from "react";

/**
 * Copies `text`. The Clipboard API exists only in secure contexts, and a LAN dashboard on plain http is not one,
 * so this falls back to selecting a hidden field and execCommand("copy").
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<"copied" | "failed" | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  const copy = async () => {
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!ok && field.current) {
      field.current.value = text;
      field.current.select();
      ok = document.execCommand("copy");
    }
    setDone(ok ? "copied" : "failed");
  };

  return (
    <>
      <button type="button" onClick={copy} aria-label={label}>
        Copy
      </button>
      <textarea ref={field} className="copy-field" aria-hidden="true" tabIndex={-1} readOnly />
      <span role="status" className="muted small">
        {done === "copied" ? "Copied" : done === "failed" ? "Select the text and copy it" : ""}
      </span>
    </>
  );
}
