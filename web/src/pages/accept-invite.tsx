/** The invite link's page: who invited you to what, then your name and a password to join. */
import { useLocation } from "preact-iso";
import { acceptInviteBody, PASSWORD_MIN } from "../../../worker/schemas/accounts";
import { teamApi } from "../api/team";
import { Alert, FormError } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { FieldFrame, TextField } from "../components/field";
import { LoadingRows, useDocumentTitle } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { useForm } from "../forms/use-form";
import { calendarDay } from "../format/time";
import { useResource } from "../hooks/use-resource";
import { roleLabels } from "../session/roles";
import { signedIn } from "../session/session";

export default function AcceptInvitePage({ token }: { token: string }) {
  const { route } = useLocation();
  useDocumentTitle("Join your team");
  const preview = useResource(() => teamApi.previewInvite(token).then((r) => r.invite), [token]);
  const form = useForm({
    initial: { name: "", password: "" },
    schema: acceptInviteBody,
    toInput: (v) => ({ token, ...v }),
    async onSubmit(body) {
      signedIn(await teamApi.acceptInvite(body));
      route("/inbox", true);
    },
  });

  if (preview.loading && !preview.data) {
    return (
      <AuthLayout title="Join your team">
        <LoadingRows />
      </AuthLayout>
    );
  }
  const invite = preview.data;
  if (!invite) {
    return (
      <AuthLayout
        title="This invite can't be used"
        footer={
          <>
            Already a member? <a href="/signin">Sign in</a>
          </>
        }
      >
        <Alert>{preview.error ?? "This invite link is not valid."}</Alert>
        <p class="muted">Ask the person who invited you for a new link.</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={`Join ${invite.orgName}`}
      subtitle={`You're invited as an ${roleLabels[invite.role].toLowerCase()}. The invite is valid until ${calendarDay(invite.expiresAt)}.`}
      footer={
        <>
          Already a member? <a href="/signin">Sign in</a>
        </>
      }
    >
      <form class="form" onSubmit={form.handleSubmit} noValidate>
        <FieldFrame id={`${form.id}-email`} label="Email">
          <input id={`${form.id}-email`} class="input" type="email" value={invite.email} readOnly autocomplete="username" />
        </FieldFrame>
        <TextField form={form} name="name" label="Your name" autocomplete="name" autoFocus />
        <TextField
          form={form}
          name="password"
          label="Choose a password"
          type="password"
          autocomplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters.`}
        />
        <FormError message={form.formError} />
        <SubmitButton pending={form.pending} block>
          Join {invite.orgName}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
