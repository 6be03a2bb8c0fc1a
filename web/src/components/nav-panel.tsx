/** The sidebar's contents, shared by the desktop sidebar and the phone drawer. */
import type { ComponentChildren, JSX } from "preact";
import { useLocation } from "preact-iso";
import { currentOrg, currentUser, signOut } from "../session/session";
import { isAdmin, roleLabels } from "../session/roles";
import { Avatar } from "./avatar";
import {
  AuditIcon,
  BellIcon,
  BoltIcon,
  LinkIcon,
  CardIcon,
  BagIcon,
  ChartIcon,
  ClockIcon,
  ContactsIcon,
  DownloadIcon,
  InboxIcon,
  LogoMark,
  MegaphoneIcon,
  MessageIcon,
  PhoneIcon,
  SearchIcon,
  SettingsIcon,
  SignOutIcon,
  TagIcon,
  UserIcon,
  UsersIcon,
} from "./icons";
import { ThemeSwitcher } from "./theme-switcher";
import { SparkleIcon } from "../ai/sparkle-icon";
import { searchOpen } from "../search/search-launcher";

interface NavItem {
  href: string;
  label: string;
  Icon: () => JSX.Element;
  adminOnly?: boolean;
  ownerOnly?: boolean;
}

const sales: NavItem[] = [
  { href: "/orders", label: "Orders", Icon: BagIcon },
  { href: "/products", label: "Products", Icon: TagIcon },
  { href: "/reorders", label: "Due to reorder", Icon: ClockIcon },
  { href: "/dashboard", label: "Dashboard", Icon: ChartIcon },
];

const workspace: NavItem[] = [
  { href: "/saved-replies", label: "Saved replies", Icon: MessageIcon },
  { href: "/team", label: "Team", Icon: UsersIcon },
  { href: "/numbers", label: "WhatsApp numbers", Icon: PhoneIcon },
  { href: "/audit", label: "Audit log", Icon: AuditIcon, adminOnly: true },
  { href: "/backups", label: "Backups", Icon: DownloadIcon, adminOnly: true },
  { href: "/settings", label: "Settings", Icon: SettingsIcon, adminOnly: true },
  { href: "/billing", label: "Billing", Icon: CardIcon, ownerOnly: true },
  { href: "/settings/ai", label: "AI assist", Icon: SparkleIcon, adminOnly: true },
  { href: "/settings/automation", label: "Automation", Icon: BoltIcon, adminOnly: true },
  { href: "/settings/notifications", label: "Notifications", Icon: BellIcon },
  { href: "/settings/integrations", label: "Integrations", Icon: LinkIcon, adminOnly: true },
];

function NavLink({ href, label, Icon }: NavItem) {
  const { path } = useLocation();
  // "/settings/ai", "/settings/automation" and "/settings/integrations" have their own entries, so Settings is not also marked current there.
  const current =
    path === href ||
    (path.startsWith(`${href}/`) && !workspace.some((i) => i.href !== href && path.startsWith(i.href) && i.href.startsWith(href)));
  return (
    <li>
      <a class="nav-link" href={href} aria-current={current ? "page" : undefined} title={label}>
        <Icon />
        <span class="nav-label">{label}</span>
      </a>
    </li>
  );
}

export function Brand() {
  const org = currentOrg.value;
  return (
    <a class="brand" href="/inbox">
      <span class="brand-mark">
        <LogoMark />
      </span>
      <span class="brand-text">
        Parley
        {org && <span class="brand-org">{org.name}</span>}
      </span>
    </a>
  );
}

interface NavPanelProps {
  /** The collapse toggle (sidebar) or the close button (drawer). */
  headAction: ComponentChildren;
  /** Radio groups need a name unique to the page; the sidebar and the drawer both render one. */
  themeName: string;
}

export function NavPanel({ headAction, themeName }: NavPanelProps) {
  const user = currentUser.value;
  if (!user) return null;
  const admin = isAdmin(user.role);
  return (
    <div class="nav-panel">
      <div class="nav-head">
        <Brand />
        {headAction}
      </div>
      <nav class="stack" aria-label="Main">
        <ul class="nav-list">
          <li>
            <button type="button" class="nav-link nav-search" onClick={() => (searchOpen.value = true)} title="Search messages (/)">
              <SearchIcon />
              <span class="nav-label">Search</span>
              <kbd class="nav-kbd">/</kbd>
            </button>
          </li>
          <NavLink href="/inbox" label="Inbox" Icon={InboxIcon} />
          <NavLink href="/contacts" label="Contacts" Icon={ContactsIcon} />
          <NavLink href="/campaigns" label="Campaigns" Icon={MegaphoneIcon} />
        </ul>
        <div>
          <p class="nav-section" aria-hidden="true">
            Sales
          </p>
          <ul class="nav-list">
            {sales.map((item) => (
              <NavLink key={item.href} {...item} />
            ))}
          </ul>
        </div>
        <div>
          <p class="nav-section" aria-hidden="true">
            Organization
          </p>
          <ul class="nav-list">
            {workspace
              .filter((item) => (admin || !item.adminOnly) && (user?.role === "owner" || !item.ownerOnly))
              .map((item) => (
                <NavLink key={item.href} {...item} />
              ))}
          </ul>
        </div>
        <ul class="nav-list">
          <NavLink href="/profile" label="Profile" Icon={UserIcon} />
        </ul>
      </nav>
      <div class="nav-foot">
        <ThemeSwitcher name={themeName} compact />
        <div class="user-card">
          <Avatar name={user.name} />
          <div class="user-card-text">
            <span class="user-card-name">{user.name}</span>
            <span class="user-card-role">{roleLabels[user.role]}</span>
          </div>
        </div>
        <button type="button" class="nav-link btn-reset" onClick={() => void signOut()} title="Sign out">
          <SignOutIcon />
          <span class="nav-label">Sign out</span>
        </button>
      </div>
    </div>
  );
}
