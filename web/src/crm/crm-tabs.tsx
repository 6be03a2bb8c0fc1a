/** Switches between the CRM's screens. */
import { useLocation } from "preact-iso";
import { currentUser } from "../session/session";
import { isAdmin } from "../session/roles";

export function CrmTabs() {
  const { path } = useLocation();
  const tabs = [
    { href: "/contacts", label: "List" },
    { href: "/contacts/board", label: "Stage board" },
    ...(isAdmin(currentUser.value?.role)
      ? [
          { href: "/contacts/duplicates", label: "Duplicates" },
          { href: "/contacts/settings", label: "Fields & stages" },
        ]
      : []),
  ];
  return (
    <nav class="crm-tabs" aria-label="Contacts views">
      {tabs.map((t) => (
        <a key={t.href} class="btn btn-sm btn-ghost" href={t.href} aria-current={path === t.href ? "page" : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
