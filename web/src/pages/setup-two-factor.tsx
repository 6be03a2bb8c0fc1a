/** The org requires two-factor sign-in and this member has none yet: setting it up is the only way on. */
import { authApi } from "../api/auth";
import { AuthLayout } from "../components/auth-layout";
import { useDocumentTitle } from "../components/page";
import { signedIn, signOut } from "../session/session";
import type { PublicUser } from "../api/types";
import { TwoFactorEnrolment } from "./profile/two-factor-enrolment";

export default function SetupTwoFactorPage({ user, orgName }: { user: PublicUser; orgName: string }) {
  useDocumentTitle("Set up two-factor sign-in");
  return (
    <AuthLayout
      wide
      title="Set up two-factor sign-in"
      subtitle={`${orgName} requires a second step when signing in. It takes a minute, with an authenticator app on your phone.`}
      footer={
        <button type="button" class="btn-link" onClick={() => void signOut()}>
          Sign out
        </button>
      }
    >
      <TwoFactorEnrolment user={user} autoStart onDone={async () => signedIn(await authApi.me())} />
    </AuthLayout>
  );
}
