/** Profile: your name, password, two-factor sign-in and the sessions signed in to your account. */
import { profileApi } from "../api/profile";
import { Page } from "../components/page";
import { useResource } from "../hooks/use-resource";
import { currentUser } from "../session/session";
import { DetailsCard } from "./profile/details-card";
import { PasswordCard } from "./profile/password-card";
import { SessionsCard } from "./profile/sessions-card";
import { TwoFactorCard } from "./profile/two-factor-card";

export default function ProfilePage() {
  const user = currentUser.value!;
  const sessions = useResource(() => profileApi.sessions().then((r) => r.sessions));
  return (
    <Page title="Profile" description="Your account, how you sign in, and where you are signed in." narrow>
      <DetailsCard user={user} />
      <TwoFactorCard user={user} />
      <PasswordCard onChanged={() => void sessions.reload()} />
      <SessionsCard sessions={sessions} />
    </Page>
  );
}
