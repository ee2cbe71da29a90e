import type { ReactNode } from "react";

type Props = { id: string; label: string; hint?: ReactNode; errors?: string[]; children: (aria: { "aria-invalid": boolean; "aria-describedby": string }) => ReactNode };

/** A labelled form field with its hint and the server's messages for it, announced to screen readers. */
export function Field({ id, label, hint, errors, children }: Props) {
  const invalid = (errors?.length ?? 0) > 0;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
      {children({ "aria-invalid": invalid, "aria-describedby": `${id}-hint ${id}-error` })}
      <div id={`${id}-error`} data-testid={`${id}-error`}>
        {errors?.map((e) => (
          <p className="error" key={e}>
            {e}
          </p>
        ))}
      </div>
    </div>
  );
}
