/**
 * Turning on two-factor sign-in: scan the QR code (drawn by the server, shown as an image so no markup
 * is injected), confirm with a first code, then save the recovery codes.
 */
import { useEffect, useState } from "preact/hooks";
import { totpConfirmBody } from "../../../../worker/schemas/accounts";
import { messageOf } from "../../api/client";
import { profileApi } from "../../api/profile";
import type { PublicUser, TwoFactorSetup } from "../../api/types";
import { Alert, FormError } from "../../components/alert";
import { CopyButton } from "../../components/copy-button";
import { TextField } from "../../components/field";
import { SubmitButton } from "../../components/submit-button";
import { useForm } from "../../forms/use-form";
import { updateUser } from "../../session/session";
import { RecoveryCodes } from "./recovery-codes";

const svgDataUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, "$1 ");

function ConfirmStep({ setup, user, onConfirmed }: { setup: TwoFactorSetup; user: PublicUser; onConfirmed: (codes: string[]) => void }) {
  const form = useForm({
    initial: { code: "" },
    schema: totpConfirmBody,
    async onSubmit(body) {
      const { recoveryCodes } = await profileApi.confirmTwoFactor(body);
      updateUser({ ...user, twoFactorEnabled: true });
      onConfirmed(recoveryCodes);
    },
  });
  return (
    <div class="enrol">
      <div class="enrol-qr">
        <img src={svgDataUrl(setup.qrSvg)} width={176} height={176} alt="QR code to add Parley to your authenticator app" />
      </div>
      <div class="stack">
        <ol class="enrol-steps">
          <li>Open an authenticator app (1Password, Google Authenticator, Authy…).</li>
          <li>
            Scan the QR code, or <a href={setup.otpauthUrl}>open it in the app on this device</a>, or type the key below.
          </li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <div class="field">
          <span class="field-label">Setup key</span>
          <div class="copy-field copy-field-wrap">
            <code class="copy-field-value" tabIndex={0}>
              {grouped(setup.secret)}
            </code>
            <CopyButton value={setup.secret} what="Setup key" />
          </div>
        </div>
        <form class="form" onSubmit={form.handleSubmit} noValidate>
          <TextField
            form={form}
            name="code"
            label="Code from the app"
            autocomplete="one-time-code"
            inputmode="numeric"
            maxLength={6}
            class="input-code enrol-code"
            autoFocus
          />
          <FormError message={form.formError} />
          <div class="form-actions">
            <SubmitButton pending={form.pending}>Turn on two-factor sign-in</SubmitButton>
          </div>
        </form>
      </div>
    </div>
  );
}

interface EnrolmentProps {
  user: PublicUser;
  /** Start at once (the required-setup page) instead of waiting for a click. */
  autoStart?: boolean;
  onDone: () => void;
  onCancel?: () => void;
}

export function TwoFactorEnrolment({ user, autoStart = false, onDone, onCancel }: EnrolmentProps) {
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      setSetup(await profileApi.beginTwoFactor());
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setStarting(false);
    }
  }
  useEffect(() => {
    if (autoStart) void start();
  }, []);

  if (codes) return <RecoveryCodes codes={codes} email={user.email} onDone={onDone} />;
  if (setup) {
    return (
      <div class="stack">
        <ConfirmStep setup={setup} user={user} onConfirmed={setCodes} />
        {onCancel && (
          <div>
            <button type="button" class="btn btn-ghost btn-sm" onClick={onCancel}>
              Cancel setup
            </button>
          </div>
        )}
      </div>
    );
  }
  return (
    <div class="stack">
      {error && <Alert>{error}</Alert>}
      <div class="form-actions">
        <button type="button" class="btn btn-primary" onClick={start} disabled={starting}>
          {starting && <span class="spinner" aria-hidden="true" />}
          {error ? "Try again" : "Set up two-factor sign-in"}
        </button>
      </div>
    </div>
  );
}
