/** Everyone in the organization; admins change roles and remove members from here. */
import { useState } from "preact/hooks";
import { messageOf } from "../../api/client";
import { teamApi } from "../../api/team";
import type { PublicUser, Role } from "../../api/types";
import { Alert } from "../../components/alert";
import { Avatar } from "../../components/avatar";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { LoadingRows } from "../../components/page";
import { RelativeTime } from "../../components/relative-time";
import { toast } from "../../components/toasts";
import type { Resource } from "../../hooks/use-resource";
import { isAdmin, roleLabels } from "../../session/roles";

interface MembersCardProps {
  me: PublicUser;
  members: Resource<PublicUser[]>;
}

/** Owners can hand out any role; admins cannot make or touch owners (the server says the same). */
function rolesFor(me: PublicUser, member: PublicUser): Role[] | null {
  if (!isAdmin(me.role) || member.id === me.id) return null;
  if (me.role === "owner") return ["owner", "admin", "agent"];
  return member.role === "owner" ? null : ["admin", "agent"];
}

function RoleCell({ me, member, onChanged }: { me: PublicUser; member: PublicUser; onChanged: (m: PublicUser) => void }) {
  const [pending, setPending] = useState(false);
  const options = rolesFor(me, member);
  if (!options) return <span class={`badge ${member.role === "owner" ? "badge-accent" : ""}`}>{roleLabels[member.role]}</span>;
  async function change(role: Role) {
    setPending(true);
    try {
      const { member: updated } = await teamApi.changeRole(member.id, role);
      onChanged(updated);
      toast(`${updated.name} is now ${updated.role === "agent" ? "an agent" : updated.role === "admin" ? "an admin" : "an owner"}`);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setPending(false);
    }
  }
  return (
    <select
      class="select select-sm role-select"
      value={member.role}
      disabled={pending}
      aria-label={`Role of ${member.name}`}
      onChange={(e) => void change(e.currentTarget.value as Role)}
    >
      {options.map((role) => (
        <option key={role} value={role}>
          {roleLabels[role]}
        </option>
      ))}
    </select>
  );
}

export function MembersCard({ me, members }: MembersCardProps) {
  const [removing, setRemoving] = useState<PublicUser | null>(null);
  const list = members.data ?? [];
  const canRemove = (m: PublicUser) => isAdmin(me.role) && m.id !== me.id && (m.role !== "owner" || me.role === "owner");
  const replace = (updated: PublicUser) => members.update((all) => all.map((m) => (m.id === updated.id ? updated : m)));

  return (
    <section class="card" aria-labelledby="members-title">
      <div class="card-header">
        <div>
          <h2 id="members-title">Members</h2>
          <p>
            {members.data
              ? `${list.length} ${list.length === 1 ? "person" : "people"} in your organization`
              : "Everyone in your organization"}
          </p>
        </div>
      </div>
      {members.error && (
        <div class="card-body">
          <Alert>{members.error}</Alert>
        </div>
      )}
      {!members.data && members.loading && <LoadingRows />}
      {members.data && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Two-factor</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id}>
                  <td class="cell-head">
                    <div class="person">
                      <Avatar name={m.name} />
                      <div class="cell-primary">
                        <strong>
                          {m.name} {m.id === me.id && <span class="badge">You</span>}
                        </strong>
                        <span>{m.email}</span>
                      </div>
                    </div>
                  </td>
                  <td data-label="Role">
                    <RoleCell me={me} member={m} onChanged={replace} />
                  </td>
                  <td data-label="Two-factor">
                    {m.twoFactorEnabled ? <span class="badge badge-success">On</span> : <span class="badge">Off</span>}
                  </td>
                  <td data-label="Joined" class="cell-nowrap">
                    <RelativeTime at={m.createdAt} />
                  </td>
                  <td class="cell-actions">
                    {canRemove(m) && (
                      <button
                        type="button"
                        class="btn btn-ghost btn-sm danger"
                        onClick={() => setRemoving(m)}
                        aria-label={`Remove ${m.name}`}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove member"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await teamApi.removeMember(removing.id);
            members.update((all) => all.filter((m) => m.id !== removing.id));
            toast(`${removing.name} was removed`);
          }}
        >
          <p>
            {removing.name} ({removing.email}) loses access at once: they are signed out everywhere and their open inbox tabs close.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
