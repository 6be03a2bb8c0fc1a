/** "Forgot password": an email address in, the same answer out whether or not it has an account. */
import { useState } from "preact/hooks";
import { passwordResetRequestBody } from "../../../worker/schemas/accounts";
import { accountEmailApi } from "../api/account-email";
import { Alert, FormError } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { TextField } from "../components/field";
import { useDocumentTitle } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { useForm } from "../forms/use-form";

export default function ForgotPasswordPage() {
  useDocumentTitle("Forgot password");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    initial: { email: "" },
    schema: passwordResetRequestBody,
    async onSubmit(body) {
      await accountEmailApi.requestReset(body);
      setSentTo(body.email);
    },
  });
  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We'll email you a link to choose a new one."
      footer={
        <>
          Remembered it? <a href="/signin">Sign in</a>
        </>
      }
    >
      {sentTo ? (
        <Alert tone="info">
          If an account uses <strong>{sentTo}</strong>, a reset link is on its way. It works once, for 30 minutes. Check your spam folder if
          it doesn't arrive in a few minutes.
        </Alert>
      ) : (
        <form class="form" onSubmit={form.handleSubmit} noValidate>
          <TextField form={form} name="email" label="Email" type="email" autocomplete="username" inputmode="email" autoFocus />
          <FormError message={form.formError} />
          <SubmitButton pending={form.pending} block>
            Email me a reset link
          </SubmitButton>
        </form>
      )}
    </AuthLayout>
  );
}
