/** `?`: the inbox's keyboard shortcuts. */
import { Dialog } from "../components/dialog";

const SHORTCUTS: Array<[string[], string]> = [
  [["j", "↓"], "Next conversation"],
  [["k", "↑"], "Previous conversation"],
  [["/"], "Search every message (anywhere in Parley)"],
  [["r"], "Write a reply"],
  [["a"], "Assign to me"],
  [["e"], "Close (or reopen) the conversation"],
  [["i"], "Show or hide contact details"],
  [["Enter"], "Send (in the composer)"],
  [["Shift", "Enter"], "New line (in the composer)"],
  [["Esc"], "Close a dialog, leave the composer"],
  [["?"], "This help"],
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table class="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <td>
                {keys.map((k, i) => (
                  <>
                    {i > 0 && <span class="muted">{k === "Enter" ? " + " : " or "}</span>}
                    <kbd>{k}</kbd>
                  </>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="dialog-actions">
        <button type="button" class="btn btn-primary" onClick={onClose}>
          Got it
        </button>
      </div>
    </Dialog>
  );
}
