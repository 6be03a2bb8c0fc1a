/** Team: the members (everyone sees them) and, for admins, invitations. */
import { teamApi } from "../api/team";
import type { PendingInvite } from "../api/types";
import { Page } from "../components/page";
import { useResource } from "../hooks/use-resource";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";
import { InvitesCard } from "./team/invites-card";
import { MembersCard } from "./team/members-card";

const none = (): Promise<PendingInvite[]> => Promise.resolve([]);

export default function TeamPage() {
  const me = currentUser.value!;
  const admin = isAdmin(me.role);
  const members = useResource(() => teamApi.members().then((r) => r.members));
  const invites = useResource(admin ? () => teamApi.invites().then((r) => r.invites) : none, [admin]);
  return (
    <Page title="Team" description={admin ? "Who works in this inbox, and what they may do." : "Who works in this inbox."}>
      {admin && <InvitesCard invites={invites} />}
      <MembersCard me={me} members={members} />
    </Page>
  );
}
