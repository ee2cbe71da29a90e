export type LineError = { line: number | null; message: string };

/** "line 3: cpu.logical_corez: unknown key" → {line: 3, message: "cpu.logical_corez: unknown key"}. */
export function parseSpecErrors(messages: string[] | undefined): LineError[] {
  return (messages ?? []).map((m) => {
    const match = /^line (\d+)(?:, column \d+)?:\s*(.*)$/is.exec(m);
    return match ? { line: Number(match[1]), message: match[2] } : { line: null, message: m };
  });
}
