/** A secret Parley shows exactly once (a new API key, a webhook signing secret): copy it now or lose it. */
import { Alert } from "../components/alert";
import { CopyField } from "../components/copy-button";

export function SecretReveal({ what, secret, onDone }: { what: string; secret: string; onDone: () => void }) {
  return (
    <div class="integration-secret" role="region" aria-label={`Your new ${what}`}>
      <Alert tone="warning">Copy your {what} now. Parley keeps only a fingerprint of it and cannot show it again.</Alert>
      <CopyField value={secret} what={what} />
      <div class="dialog-actions">
        <button type="button" class="btn btn-primary" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}

/** A set of checkboxes over a fixed list (scopes, events), in two columns where there is room. */
export function CheckList<T extends string>({
  legend,
  options,
  labels,
  value,
  onChange,
}: {
  legend: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T[];
  onChange: (next: T[]) => void;
}) {
  return (
    <fieldset class="integration-checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} class="integration-check">
          <input
            type="checkbox"
            checked={value.includes(o)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...value, o] : value.filter((v) => v !== o))}
          />
          <span>
            <code>{o}</code> <span class="muted small">{labels[o]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
