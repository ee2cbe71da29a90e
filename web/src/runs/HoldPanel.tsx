import type { Hold } from "../api/types";
import { CopyButton } from "../ui/CopyButton";

/** What the operator needs to look at a held node: its IP and the exact ssh command. */
export function HoldPanel({ hold, compact }: { hold: Hold; compact?: boolean }) {
  return (
    <section className="hold" aria-label="Held for SSH" data-testid="hold-panel">
      {compact ? null : <h2>Held for SSH</h2>}
      <p>
        IP: <strong data-testid="hold-ip">{hold.ip ?? "not reported yet"}</strong>
      </p>
      {hold.sshCommand ? (
        <div className="ssh">
          <code data-testid="ssh-command">{hold.sshCommand}</code>
          <CopyButton text={hold.sshCommand} label="Copy the ssh command" />
        </div>
      ) : (
        <p className="muted">The ssh command appears once the agent reports its IP.</p>
      )}
      {compact ? null : (
        <details>
          <summary>Public key installed on the node</summary>
          <pre className="wrap">{hold.publicKey}</pre>
        </details>
      )}
    </section>
  );
}
