/** The runbook's run states, what each means for the operator and how the tile marks it (never by colour alone). */
export type Tone = "idle" | "active" | "good" | "bad" | "warn";

export const STATES = [
  "Queued", "WaitingWoL", "Booting", "Inventory", "Cpu", "Memory", "Storage", "Network", "Reporting",
  "Passed", "FailedHolding", "Failed", "Cancelled",
] as const;

const ACTIVE = new Set(["Queued", "WaitingWoL", "Booting", "Inventory", "Cpu", "Memory", "Storage", "Network", "Reporting"]);
export const STAGE_STATES = ["Inventory", "Cpu", "Memory", "Storage", "Network"];

export const isActive = (state: string) => ACTIVE.has(state) || state === "FailedHolding";
export const isRunning = (state: string) => ACTIVE.has(state);

export function toneOf(state: string | null | undefined): Tone {
  if (!state) return "idle";
  if (state === "Passed") return "good";
  if (state === "FailedHolding" || state === "Failed") return "bad";
  if (state === "Cancelled") return "warn";
  return ACTIVE.has(state) ? "active" : "idle";
}

export const ICONS: Record<Tone, string> = { idle: "○", active: "◐", good: "✓", bad: "✕", warn: "■" };

/** One line for the tile: what is happening and what the operator does next. */
export function explain(state: string | null | undefined): string {
  switch (state) {
    case undefined:
    case null:
      return "Never vetted. Choose a profile and start vetting.";
    case "Queued":
      return "Waiting for a free slot.";
    case "WaitingWoL":
      return "Wake-on-LAN sent; power the node on if it does not PXE-boot by itself.";
    case "Booting":
      return "The node fetched its boot script; waiting for the agent to say hello.";
    case "Reporting":
      return "Writing the report.";
    case "Passed":
      return "Passed. The node powers itself off.";
    case "FailedHolding":
      return "Failed and held for SSH. Look, then release it or override.";
    case "Failed":
      return "Failed. Fix the cause, then start a fresh run.";
    case "Cancelled":
      return "Cancelled. Start a fresh run when ready.";
    default:
      return `Running the ${state.toLowerCase()} stage.`;
  }
}

export const STATE_LABELS: Record<string, string> = {
  WaitingWoL: "Waiting for WoL",
  FailedHolding: "Failed – holding",
  Cpu: "CPU",
};
export const label = (state: string) => STATE_LABELS[state] ?? state;
