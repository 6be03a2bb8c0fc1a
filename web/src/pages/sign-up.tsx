/** Sign up: a new organization and its first owner, signed in at once. */
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { PASSWORD_MIN, signupBody } from "../../../worker/schemas/accounts";
import { authApi } from "../api/auth";
import { FormError } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { TextField } from "../components/field";
import { useDocumentTitle } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { useForm } from "../forms/use-form";
import { session, signedIn } from "../session/session";

export default function SignUpPage() {
  const { route } = useLocation();
  const status = session.value.status;
  useDocumentTitle("Create your organization");
  useEffect(() => {
    if (status === "signed-in") route("/inbox", true);
  }, [status]);

  const form = useForm({
    initial: { orgName: "", name: "", email: "", password: "" },
    schema: signupBody,
    async onSubmit(body) {
      signedIn(await authApi.signup(body));
    },
  });

  return (
    <AuthLayout
      title="Create your organization"
      subtitle="Set up Parley for your team. You can invite everyone else next."
      footer={
        <>
          Already have an account? <a href="/signin">Sign in</a>
        </>
      }
    >
      <form class="form" onSubmit={form.handleSubmit} noValidate>
        <TextField
          form={form}
          name="orgName"
          label="Organization name"
          autocomplete="organization"
          placeholder="Lisbon Ceramics"
          autoFocus
        />
        <TextField form={form} name="name" label="Your name" autocomplete="name" />
        <TextField form={form} name="email" label="Work email" type="email" autocomplete="email" inputmode="email" />
        <TextField
          form={form}
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters.`}
        />
        <FormError message={form.formError} />
        <SubmitButton pending={form.pending} block>
          Create organization
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
