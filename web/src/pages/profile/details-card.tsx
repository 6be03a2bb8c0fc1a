/** Your name as the team sees it; email and role for reference. */
import { profileBody } from "../../../../worker/schemas/accounts";
import { profileApi } from "../../api/profile";
import type { PublicUser } from "../../api/types";
import { FormError } from "../../components/alert";
import { FieldFrame, TextField } from "../../components/field";
import { SubmitButton } from "../../components/submit-button";
import { toast } from "../../components/toasts";
import { useForm } from "../../forms/use-form";
import { roleLabels } from "../../session/roles";
import { updateUser } from "../../session/session";

export function DetailsCard({ user }: { user: PublicUser }) {
  const form = useForm({
    initial: { name: user.name },
    schema: profileBody,
    async onSubmit(body) {
      const { user: updated } = await profileApi.rename(body);
      updateUser(updated);
      toast("Name saved");
    },
  });
  return (
    <section class="card" aria-labelledby="details-title">
      <div class="card-header">
        <h2 id="details-title">Your details</h2>
      </div>
      <form class="card-body" onSubmit={form.handleSubmit} noValidate>
        <div class="form-row">
          <TextField form={form} name="name" label="Name" autocomplete="name" hint="Shown to your team and in the audit log." />
          <FieldFrame id={`${form.id}-email`} label="Email" hint={`Role: ${roleLabels[user.role]}`}>
            <input
              id={`${form.id}-email`}
              class="input"
              type="email"
              value={user.email}
              readOnly
              aria-describedby={`${form.id}-email-hint`}
            />
          </FieldFrame>
        </div>
        <FormError message={form.formError} />
        <div class="form-actions">
          <SubmitButton pending={form.pending} disabled={form.values.name.trim() === user.name}>
            Save name
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
