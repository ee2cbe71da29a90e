import { useEffect, useRef } from "react";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import type { LineError } from "./specErrors";

type Props = { id: string; value: string; onChange: (text: string) => void; errors: LineError[]; describedBy?: string };

/** The expected-spec YAML editor: CodeMirror with the server's validation errors marked at their lines. */
export default function SpecEditor({ id, value, onChange, errors, describedBy }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const attributes: Record<string, string> = { id, "aria-label": "Expected spec (YAML)", "aria-multiline": "true" };
    if (describedBy) attributes["aria-describedby"] = describedBy;
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          indentOnInput(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          yaml(),
          lintGutter(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of(attributes),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The document is owned by the editor after creation; `value` only seeds it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    const diagnostics: Diagnostic[] = errors.map((e) => {
      const line = doc.line(Math.min(Math.max(e.line ?? 1, 1), doc.lines));
      return { from: line.from, to: Math.max(line.to, line.from), severity: "error", message: e.message };
    });
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [errors]);

  return <div className="editor" ref={host} data-invalid={errors.length > 0} />;
}

