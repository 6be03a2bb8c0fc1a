/**
 * The signed-in frame every page lives in, the inbox included: a sidebar that collapses to a rail on
 * a desktop, and on a phone a top bar whose menu opens the same navigation in a drawer.
 */
import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { BillingBanner } from "../billing/billing-banner";
import { Brand, NavPanel } from "./nav-panel";
import { CloseIcon, MenuIcon, SearchIcon, SidebarIcon } from "./icons";
import { SearchLauncher, searchOpen } from "../search/search-launcher";

const SIDEBAR_KEY = "parley.sidebar";
const collapsed = signal(readCollapsed());

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(SIDEBAR_KEY) === "collapsed";
  } catch {
    return false;
  }
}

function toggleCollapsed() {
  collapsed.value = !collapsed.value;
  try {
    localStorage.setItem(SIDEBAR_KEY, collapsed.value ? "collapsed" : "expanded");
  } catch {
    // The choice lasts for this page only.
  }
}

const drawerOpen = signal(false);

function Drawer() {
  const ref = useRef<HTMLDialogElement>(null);
  const open = drawerOpen.value;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="drawer"
      aria-label="Navigation"
      onClose={() => (drawerOpen.value = false)}
      onClick={(e) => {
        if (e.target === e.currentTarget) drawerOpen.value = false;
      }}
    >
      {open && (
        <NavPanel
          themeName="theme-drawer"
          headAction={
            <button type="button" class="btn btn-ghost btn-icon" onClick={() => (drawerOpen.value = false)} aria-label="Close navigation">
              <CloseIcon />
            </button>
          }
        />
      )}
    </dialog>
  );
}

export function AppShell({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const first = useRef(true);
  const section = path.split("/")[1] ?? "";
  // A new page: close the drawer and move focus to the content, as a full page load would. Moving
  // within a page (one conversation to the next in the inbox) keeps the focus where the agent is.
  useEffect(() => {
    drawerOpen.value = false;
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [section]);
  useEffect(() => {
    drawerOpen.value = false;
  }, [path]);

  return (
    <div class={`shell ${collapsed.value ? "is-collapsed" : ""}`}>
      <header class="topbar">
        <button
          type="button"
          class="btn btn-ghost btn-icon"
          onClick={() => (drawerOpen.value = true)}
          aria-label="Open navigation"
          aria-expanded={drawerOpen.value}
        >
          <MenuIcon />
        </button>
        <Brand />
        <button
          type="button"
          class="btn btn-ghost btn-icon topbar-search"
          onClick={() => (searchOpen.value = true)}
          aria-label="Search messages"
        >
          <SearchIcon />
        </button>
      </header>
      <aside class="sidebar">
        <NavPanel
          themeName="theme-sidebar"
          headAction={
            <button
              type="button"
              class="btn btn-ghost btn-icon btn-sm"
              onClick={toggleCollapsed}
              aria-label={collapsed.value ? "Expand sidebar" : "Collapse sidebar"}
              aria-pressed={collapsed.value}
              title={collapsed.value ? "Expand sidebar" : "Collapse sidebar"}
            >
              <SidebarIcon />
            </button>
          }
        />
      </aside>
      <main id="main" class="main" tabIndex={-1}>
        {section !== "inbox" && <BillingBanner />}
        {children}
      </main>
      <Drawer />
      <SearchLauncher />
    </div>
  );
}
