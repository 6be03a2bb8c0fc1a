/** Sign in: email and password, then (when the account has it) a 2FA code or a recovery code. */
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { loginBody, totpLoginBody, recoveryLoginBody } from "../../../worker/schemas/accounts";
import { authApi, needsSecondFactor } from "../api/auth";
import { ApiError } from "../api/client";
import { Alert, FormError } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { TextField } from "../components/field";
import { useDocumentTitle } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { useForm } from "../forms/use-form";
import { safeNext } from "../session/next-path";
import { session, signedIn, signOutNotice } from "../session/session";

function PasswordStep({ onChallenge, notice }: { onChallenge: (id: string) => void; notice: string | null }) {
  const form = useForm({
    initial: { email: "", password: "" },
    schema: loginBody,
    async onSubmit(body) {
      signOutNotice.value = null;
      const result = await authApi.login(body);
      if (needsSecondFactor(result)) onChallenge(result.challengeId);
      else signedIn(result);
    },
  });
  return (
    <form class="form" onSubmit={form.handleSubmit} noValidate>
      {notice && <Alert tone="info">{notice}</Alert>}
      <TextField form={form} name="email" label="Email" type="email" autocomplete="username" inputmode="email" autoFocus />
      <TextField form={form} name="password" label="Password" type="password" autocomplete="current-password" />
      <p class="small">
        <a href="/forgot-password">Forgot your password?</a>
      </p>
      <FormError message={form.formError} />
      <SubmitButton pending={form.pending} block>
        Sign in
      </SubmitButton>
    </form>
  );
}

const [codeBody, recoveryBody] = [totpLoginBody, recoveryLoginBody];

function TwoFactorStep({ challengeId, onExpired }: { challengeId: string; onExpired: (message: string) => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useForm({
    initial: { code: "", recoveryCode: "" },
    schema: useRecovery ? recoveryBody : codeBody,
    toInput: (v) => (useRecovery ? { challengeId, recoveryCode: v.recoveryCode } : { challengeId, code: v.code }),
    async onSubmit(body) {
      try {
        signedIn(await authApi.loginTwoFactor(body));
      } catch (err) {
        if (err instanceof ApiError && err.code === "challenge_expired") onExpired(err.message);
        else throw err;
      }
    },
  });
  function switchMode() {
    form.reset();
    setUseRecovery(!useRecovery);
  }
  return (
    <form class="form" onSubmit={form.handleSubmit} noValidate>
      {useRecovery ? (
        <TextField
          key="recovery"
          form={form}
          name="recoveryCode"
          label="Recovery code"
          hint="One of the ten codes you saved when you set up two-factor sign-in. Each works once."
          autocomplete="off"
          placeholder="abcde-12345"
          class="mono"
          autoFocus
        />
      ) : (
        <TextField
          key="code"
          form={form}
          name="code"
          label="Authentication code"
          hint="The 6-digit code from your authenticator app."
          autocomplete="one-time-code"
          inputmode="numeric"
          maxLength={6}
          class="input-code"
          autoFocus
        />
      )}
      <FormError message={form.formError} />
      <SubmitButton pending={form.pending} block>
        Verify and sign in
      </SubmitButton>
      <p class="small muted">
        {useRecovery ? "Have your phone? " : "Lost your phone? "}
        <button type="button" class="btn-link" onClick={switchMode}>
          {useRecovery ? "Use an authentication code" : "Use a recovery code"}
        </button>
      </p>
    </form>
  );
}

export default function SignInPage() {
  const { query, route } = useLocation();
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const status = session.value.status;
  useDocumentTitle("Sign in");

  useEffect(() => {
    if (status === "signed-in") route(safeNext(query.next), true);
  }, [status]);

  if (challengeId) {
    return (
      <AuthLayout
        title="Two-factor sign-in"
        subtitle="Your account is protected with a second step."
        footer={
          <button type="button" class="btn-link" onClick={() => setChallengeId(null)}>
            Back to email and password
          </button>
        }
      >
        <TwoFactorStep
          challengeId={challengeId}
          onExpired={(message) => {
            setNotice(message);
            setChallengeId(null);
          }}
        />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back to your team's inbox."
      footer={
        <>
          New to Parley? <a href="/signup">Create an organization</a>
        </>
      }
    >
      <PasswordStep onChallenge={setChallengeId} notice={notice ?? signOutNotice.value} />
    </AuthLayout>
  );
}
