/** The ten recovery codes, shown this once: copy them, download them, confirm they are saved. */
import { useState } from "preact/hooks";
import { CopyButton } from "../../components/copy-button";
import { DownloadIcon } from "../../components/icons";

function download(codes: string[], email: string) {
  const text = `Parley recovery codes for ${email}\nEach code works once. Keep them somewhere safe.\n\n${codes.join("\n")}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = "parley-recovery-codes.txt";
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <div class="stack">
      <p>
        If you lose your phone, each of these codes signs you in once. <strong>This is the only time they are shown.</strong>
      </p>
      <ol class="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="cluster">
        <CopyButton value={codes.join("\n")} label="Copy codes" what="Recovery codes" class="btn" />
        <button type="button" class="btn" onClick={() => download(codes, email)}>
          <DownloadIcon />
          Download .txt
        </button>
      </div>
      <label class="switch">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
        <span class="switch-text">
          <span class="switch-title">I have saved these codes somewhere safe</span>
        </span>
      </label>
      <div class="form-actions">
        <button type="button" class="btn btn-primary" disabled={!saved} onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
