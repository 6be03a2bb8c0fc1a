/** Wraps a page only owners and admins may open; others get a plain explanation, not an API error. */
import type { ComponentChildren } from "preact";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";
import { ShieldIcon } from "./icons";
import { Page } from "./page";

export function AdminsOnly({ title, children }: { title: string; children: ComponentChildren }) {
  if (isAdmin(currentUser.value?.role)) return <>{children}</>;
  return (
    <Page title={title}>
      <div class="card">
        <div class="empty">
          <div class="empty-icon">
            <ShieldIcon />
          </div>
          <h2>Only owners and admins can open this page</h2>
          <p>Ask an admin of your organization if you need something changed here.</p>
        </div>
      </div>
    </Page>
  );
}
