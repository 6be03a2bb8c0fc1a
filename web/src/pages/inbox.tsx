/** Where the live inbox will live. Until then: what is coming, and what to set up first. */
import { useDocumentTitle } from "../components/page";
import { MessageIcon, PhoneIcon, UsersIcon } from "../components/icons";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";

export default function InboxPage() {
  useDocumentTitle("Inbox");
  const admin = isAdmin(currentUser.value?.role);
  return (
    <div class="inbox-placeholder">
      <div class="empty">
        <div class="empty-icon">
          <MessageIcon />
        </div>
        <h1>Your inbox arrives here</h1>
        <p>Conversations from your WhatsApp numbers will show up here, live, for the whole team.</p>
        {admin && (
          <div class="cluster inbox-next">
            <a class="btn" href="/numbers">
              <PhoneIcon />
              Connect a number
            </a>
            <a class="btn" href="/team">
              <UsersIcon />
              Invite your team
            </a>
          </div>
        )}
      </div>
    </div>
  );
}
