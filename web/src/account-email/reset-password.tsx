/** The reset link's page: checks the link, takes a new password, and signs in (2FA accounts sign in after). */
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { PASSWORD_MIN, passwordResetBody } from "../../../worker/schemas/accounts";
import { accountEmailApi } from "../api/account-email";
import { Alert, FormError } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { FieldFrame, TextField } from "../components/field";
import { LoadingRows, useDocumentTitle } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { useForm } from "../forms/use-form";
import { useResource } from "../hooks/use-resource";
import { signedIn } from "../session/session";

export default function ResetPasswordPage({ token }: { token: string }) {
  const { route } = useLocation();
  useDocumentTitle("Choose a new password");
  const [needsTwoFactor, setNeedsTwoFactor] = useState(false);
  const link = useResource(() => accountEmailApi.checkReset(token).then((r) => r.reset), [token]);
  const form = useForm({
    initial: { password: "", confirm: "" },
    schema: passwordResetBody,
    toInput: (v) => ({ token, password: v.password }),
    check: (v) => (v.confirm !== v.password ? { confirm: "The two passwords differ." } : {}),
    async onSubmit(body) {
      const result = await accountEmailApi.reset(body);
      if (!result.signedIn) return setNeedsTwoFactor(true);
      signedIn(result);
      route("/inbox", true);
    },
  });

  if (needsTwoFactor) {
    return (
      <AuthLayout title="Password changed">
        <Alert tone="info">Your new password is set and every other session is signed out. Sign in with it and your second factor.</Alert>
        <a class="btn btn-primary btn-block" href="/signin">
          Sign in
        </a>
      </AuthLayout>
    );
  }
  if (link.loading && !link.data) {
    return (
      <AuthLayout title="Choose a new password">
        <LoadingRows />
      </AuthLayout>
    );
  }
  if (!link.data) {
    return (
      <AuthLayout title="This link can't be used" footer={<a href="/signin">Back to sign in</a>}>
        <Alert>{link.error ?? "This reset link is not valid."}</Alert>
        <a class="btn btn-block" href="/forgot-password">
          Send a new link
        </a>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" subtitle="Setting it signs you out on every other device.">
      <form class="form" onSubmit={form.handleSubmit} noValidate>
        <FieldFrame id={`${form.id}-email`} label="Email">
          <input id={`${form.id}-email`} class="input" type="email" value={link.data.email} readOnly autocomplete="username" />
        </FieldFrame>
        <TextField
          form={form}
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters.`}
          autoFocus
        />
        <TextField form={form} name="confirm" label="Repeat the new password" type="password" autocomplete="new-password" />
        <FormError message={form.formError} />
        <SubmitButton pending={form.pending} block>
          Set password and sign in
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
