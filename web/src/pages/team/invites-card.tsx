/** Admins invite people by email and see the invites still open; the link is shown once, to copy. */
import { signal } from "@preact/signals";
import { useState } from "preact/hooks";
import { assignableRoles, inviteBody } from "../../../../worker/schemas/accounts";
import { teamApi } from "../../api/team";
import type { CreatedInvite, PendingInvite } from "../../api/types";
import { Alert, FormError } from "../../components/alert";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { CopyButton, CopyField } from "../../components/copy-button";
import { SelectField, TextField } from "../../components/field";
import { LoadingRows } from "../../components/page";
import { RelativeTime } from "../../components/relative-time";
import { SubmitButton } from "../../components/submit-button";
import { toast } from "../../components/toasts";
import { useForm } from "../../forms/use-form";
import type { Resource } from "../../hooks/use-resource";
import { isPlanLimit, UpgradePrompt } from "../../billing/upgrade-prompt";
import { roleLabels } from "../../session/roles";

/** The server keeps only a hash of each token, so a link can be copied only in the session that made it. */
const links = signal<Record<string, string>>({});

const roleOptions = assignableRoles.map((role) => ({ value: role, label: roleLabels[role] }));

function InviteForm({ onCreated }: { onCreated: (invite: CreatedInvite, email: string) => void }) {
  const [limit, setLimit] = useState<string | null>(null);
  const form = useForm({
    initial: { email: "", role: "agent" },
    schema: inviteBody,
    async onSubmit(body, f) {
      setLimit(null);
      const { invite } = await teamApi.invite(body).catch((err: unknown) => {
        if (isPlanLimit(err)) setLimit(err.message);
        throw err;
      });
      links.value = { ...links.value, [invite.id]: invite.link };
      onCreated(invite, body.email);
      f.reset({ email: "", role: body.role });
    },
  });
  return (
    <form class="form invite-form" onSubmit={form.handleSubmit} noValidate>
      <div class="invite-fields">
        <TextField
          form={form}
          name="email"
          label="Email address"
          type="email"
          autocomplete="off"
          inputmode="email"
          placeholder="name@company.com"
        />
        <SelectField form={form} name="role" label="Role" options={roleOptions} />
        <div class="invite-submit">
          <SubmitButton pending={form.pending}>Send invite</SubmitButton>
        </div>
      </div>
      {limit ? <UpgradePrompt message={limit} /> : <FormError message={form.formError} />}
    </form>
  );
}

export function InvitesCard({ invites }: { invites: Resource<PendingInvite[]> }) {
  const [created, setCreated] = useState<{ email: string; link: string; expiresAt: number } | null>(null);
  const [revoking, setRevoking] = useState<PendingInvite | null>(null);
  const list = invites.data ?? [];

  return (
    <section class="card" aria-labelledby="invites-title">
      <div class="card-header">
        <div>
          <h2 id="invites-title">Invite people</h2>
          <p>They get an email with a link that works for 7 days.</p>
        </div>
      </div>
      <div class="card-body">
        <InviteForm
          onCreated={(invite, email) => {
            setCreated({ email, link: invite.link, expiresAt: invite.expiresAt });
            void invites.reload();
          }}
        />
        {created && (
          <Alert tone="success">
            <strong>Invite created for {created.email}.</strong>
            <span>
              We emailed it. Copy the link and send it yourself if the email does not arrive (on a local server, it lands in the local
              mailbox that npm start prints).
            </span>
            <CopyField value={created.link} what="Invite link" />
          </Alert>
        )}
      </div>
      <div class="card-subheader">
        <h3>Open invites</h3>
      </div>
      {invites.error && (
        <div class="card-body">
          <Alert>{invites.error}</Alert>
        </div>
      )}
      {!invites.data && invites.loading && <LoadingRows rows={2} />}
      {invites.data && list.length === 0 && <p class="card-empty">No open invites.</p>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Sent</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((invite) => {
                const link = links.value[invite.id];
                return (
                  <tr key={invite.id}>
                    <td class="cell-head">
                      <strong class="break">{invite.email}</strong>
                    </td>
                    <td data-label="Role">{roleLabels[invite.role]}</td>
                    <td data-label="Sent" class="cell-nowrap">
                      <RelativeTime at={invite.createdAt} />
                    </td>
                    <td data-label="Expires" class="cell-nowrap">
                      <RelativeTime at={invite.expiresAt} />
                    </td>
                    <td class="cell-actions">
                      <div class="row-actions">
                        {link && <CopyButton value={link} label="Copy link" what="Invite link" class="btn btn-ghost btn-sm" />}
                        <button
                          type="button"
                          class="btn btn-ghost btn-sm danger"
                          onClick={() => setRevoking(invite)}
                          aria-label={`Revoke the invite for ${invite.email}`}
                        >
                          Revoke
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          title="Revoke this invite?"
          confirmLabel="Revoke invite"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await teamApi.revokeInvite(revoking.id);
            invites.update((all) => all.filter((i) => i.id !== revoking.id));
            toast("Invite revoked");
          }}
        >
          <p>The link sent to {revoking.email} stops working at once. You can invite them again later.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
