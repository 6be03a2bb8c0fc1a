/** Two-factor sign-in on your profile: its state, turning it on, and turning it off. */
import { useState } from "preact/hooks";
import { totpDisableBody } from "../../../../worker/schemas/accounts";
import { profileApi } from "../../api/profile";
import type { PublicUser } from "../../api/types";
import { Alert, FormError } from "../../components/alert";
import { Dialog } from "../../components/dialog";
import { TextField } from "../../components/field";
import { ShieldIcon } from "../../components/icons";
import { SubmitButton } from "../../components/submit-button";
import { toast } from "../../components/toasts";
import { useForm } from "../../forms/use-form";
import { currentOrg, updateUser } from "../../session/session";
import { TwoFactorEnrolment } from "./two-factor-enrolment";

function DisableDialog({ user, onClose }: { user: PublicUser; onClose: () => void }) {
  const form = useForm({
    initial: { password: "", code: "" },
    schema: totpDisableBody,
    async onSubmit(body) {
      await profileApi.disableTwoFactor(body);
      updateUser({ ...user, twoFactorEnabled: false });
      toast("Two-factor sign-in turned off");
      onClose();
    },
  });
  return (
    <Dialog title="Turn off two-factor sign-in?" onClose={onClose} busy={form.pending}>
      <form class="form" onSubmit={form.handleSubmit} noValidate>
        <p>Your account will be protected by your password alone. Confirm with your password and a current code.</p>
        <input type="text" class="visually-hidden" autocomplete="username" tabIndex={-1} aria-hidden="true" readOnly value={user.email} />
        <TextField form={form} name="password" label="Password" type="password" autocomplete="current-password" autoFocus />
        <TextField
          form={form}
          name="code"
          label="Code from your authenticator app"
          autocomplete="one-time-code"
          inputmode="numeric"
          maxLength={6}
          class="input-code"
        />
        <FormError message={form.formError} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose} disabled={form.pending}>
            Cancel
          </button>
          <SubmitButton pending={form.pending} variant="danger">
            Turn off
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}

export function TwoFactorCard({ user }: { user: PublicUser }) {
  const [enrolling, setEnrolling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const required = currentOrg.value?.requireTwoFactor ?? false;
  const on = user.twoFactorEnabled;

  return (
    <section class="card" aria-labelledby="twofactor-title">
      <div class="card-header">
        <div class="section-title">
          <ShieldIcon />
          <h2 id="twofactor-title">Two-factor sign-in</h2>
          {on ? <span class="badge badge-success">On</span> : <span class="badge">Off</span>}
        </div>
        {on && !required && !enrolling && (
          <button type="button" class="btn btn-sm" onClick={() => setDisabling(true)}>
            Turn off
          </button>
        )}
      </div>
      <div class="card-body">
        {enrolling ? (
          // Stays mounted after the code is accepted: the recovery codes are on screen until Done.
          <TwoFactorEnrolment user={user} autoStart onDone={() => setEnrolling(false)} onCancel={() => setEnrolling(false)} />
        ) : on ? (
          <p class="muted">
            Signing in asks for a code from your authenticator app. Lost your phone? Use one of your recovery codes.
            {required && " Your organization requires two-factor sign-in, so it stays on."}
          </p>
        ) : (
          <>
            <p class="muted">Add a second step to signing in: a code from an authenticator app on your phone.</p>
            {required && <Alert tone="warning">Your organization requires two-factor sign-in.</Alert>}
            <div>
              <button type="button" class="btn btn-primary" onClick={() => setEnrolling(true)}>
                Set up two-factor sign-in
              </button>
            </div>
          </>
        )}
      </div>
      {disabling && <DisableDialog user={user} onClose={() => setDisabling(false)} />}
    </section>
  );
}
