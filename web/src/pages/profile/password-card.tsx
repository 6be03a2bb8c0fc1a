/** Change your password; every other browser is signed out, this one continues. */
import { PASSWORD_MIN, passwordChangeBody } from "../../../../worker/schemas/accounts";
import { profileApi } from "../../api/profile";
import { FormError } from "../../components/alert";
import { TextField } from "../../components/field";
import { SubmitButton } from "../../components/submit-button";
import { toast } from "../../components/toasts";
import { useForm } from "../../forms/use-form";

export function PasswordCard({ onChanged }: { onChanged: () => void }) {
  const form = useForm({
    initial: { currentPassword: "", newPassword: "", confirmPassword: "" },
    schema: passwordChangeBody,
    toInput: ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }),
    check: (v) =>
      v.confirmPassword === v.newPassword
        ? {}
        : { confirmPassword: v.confirmPassword ? "The two new passwords do not match." : "Type the new password again." },
    async onSubmit(body, f) {
      await profileApi.changePassword(body);
      f.reset();
      toast("Password changed. Your other sessions were signed out.");
      onChanged();
    },
  });
  return (
    <section class="card" aria-labelledby="password-title">
      <div class="card-header">
        <div>
          <h2 id="password-title">Password</h2>
          <p>Changing it signs you out everywhere else.</p>
        </div>
      </div>
      <form class="card-body" onSubmit={form.handleSubmit} noValidate>
        {/* Lets password managers tie the new password to this account. */}
        <input type="text" class="visually-hidden" autocomplete="username" tabIndex={-1} aria-hidden="true" readOnly />
        <TextField form={form} name="currentPassword" label="Current password" type="password" autocomplete="current-password" />
        <div class="form-row">
          <TextField
            form={form}
            name="newPassword"
            label="New password"
            type="password"
            autocomplete="new-password"
            hint={`At least ${PASSWORD_MIN} characters.`}
          />
          <TextField form={form} name="confirmPassword" label="Confirm new password" type="password" autocomplete="new-password" />
        </div>
        <FormError message={form.formError} />
        <div class="form-actions">
          <SubmitButton pending={form.pending}>Change password</SubmitButton>
        </div>
      </form>
    </section>
  );
}
