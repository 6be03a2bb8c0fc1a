/**
 * Everything behind sign-in. Sends signed-out visitors to the sign-in page (and back afterwards),
 * holds members who must enrol 2FA on the enrolment page, and otherwise renders the shell and its pages.
 */
import { useEffect } from "preact/hooks";
import { lazy, Route, Router, useLocation } from "preact-iso";
import { AdminsOnly } from "./components/admins-only";
import { AppShell } from "./components/app-shell";
import { Redirect } from "./components/redirect";
import { Splash } from "./components/splash";
import { loadAiStatus } from "./ai/ai-api";
import { session } from "./session/session";
import { useOpenFromNotification } from "./push/open-from-notification";

const InboxPage = lazy(() => import("./pages/inbox"));
/** The inbox's code, fetched before the session check answers when the app opens on it (main.tsx). */
export const preloadInboxPage = () => InboxPage.preload();
const TeamPage = lazy(() => import("./pages/team"));
const ContactsPage = lazy(() => import("./pages/contacts"));
const ContactPage = lazy(() => import("./pages/contact"));
const BoardPage = lazy(() => import("./pages/contacts-board"));
const CrmSettingsPage = lazy(() => import("./pages/contacts-settings"));
const ImportPage = lazy(() => import("./pages/contacts-import"));
const DuplicatesPage = lazy(() => import("./pages/contacts-duplicates"));
const MergePage = lazy(() => import("./pages/contacts-merge"));
const CannedResponsesPage = lazy(() => import("./pages/canned-responses"));
const NumbersPage = lazy(() => import("./pages/numbers"));
const ProfilePage = lazy(() => import("./pages/profile"));
const AuditLogPage = lazy(() => import("./pages/audit-log"));
const OrgSettingsPage = lazy(() => import("./pages/org-settings"));
const BackupsPage = lazy(() => import("./data/backups-page"));
const TerminatedPage = lazy(() => import("./data/terminated-page"));
const BillingPage = lazy(() => import("./billing/billing-page"));
const AiSettingsPage = lazy(() => import("./ai/ai-settings-page"));
const AutomationPage = lazy(() => import("./automation/automation-page"));
const IntegrationsPage = lazy(() => import("./integrations/integrations-page"));
const SetupTwoFactorPage = lazy(() => import("./pages/setup-two-factor"));
const NotFoundPage = lazy(() => import("./pages/not-found"));
const CampaignsPage = lazy(() => import("./campaigns/campaigns-page"));
const CampaignEditor = lazy(() => import("./campaigns/campaign-editor"));
const CampaignDetailPage = lazy(() => import("./campaigns/campaign-detail"));
const OrdersPage = lazy(() => import("./commerce/orders-page"));
const ProductsPage = lazy(() => import("./commerce/products-page"));
const ReordersPage = lazy(() => import("./commerce/reorders-page"));
const DashboardPage = lazy(() => import("./commerce/dashboard-page"));
const NotificationsPage = lazy(() => import("./push/notifications-page"));

const HomeRoute = () => <Redirect to="/inbox" />;
const CrmSettingsRoute = () => (
  <AdminsOnly title="Contact fields & stages">
    <CrmSettingsPage />
  </AdminsOnly>
);
const AuditRoute = () => (
  <AdminsOnly title="Audit log">
    <AuditLogPage />
  </AdminsOnly>
);
const NewCampaignRoute = () => (
  <AdminsOnly title="New campaign">
    <CampaignEditor />
  </AdminsOnly>
);
const ImportRoute = () => (
  <AdminsOnly title="Import contacts">
    <ImportPage />
  </AdminsOnly>
);
const DuplicatesRoute = () => (
  <AdminsOnly title="Duplicates">
    <DuplicatesPage />
  </AdminsOnly>
);
const MergeRoute = () => (
  <AdminsOnly title="Merge contacts">
    <MergePage />
  </AdminsOnly>
);
const SettingsRoute = () => (
  <AdminsOnly title="Settings">
    <OrgSettingsPage />
  </AdminsOnly>
);

const BackupsRoute = () => (
  <AdminsOnly title="Backups">
    <BackupsPage />
  </AdminsOnly>
);
const AutomationRoute = () => (
  <AdminsOnly title="Automation">
    <AutomationPage />
  </AdminsOnly>
);
const IntegrationsRoute = () => (
  <AdminsOnly title="Integrations">
    <IntegrationsPage />
  </AdminsOnly>
);
const AiSettingsRoute = () => (
  <AdminsOnly title="AI assist">
    <AiSettingsPage />
  </AdminsOnly>
);

export function SignedInApp() {
  const s = session.value;
  const { url, path, route } = useLocation();
  useOpenFromNotification();

  useEffect(() => {
    if (s.status === "signed-out") route(path === "/" || s.byUser ? "/signin" : `/signin?next=${encodeURIComponent(url)}`, true);
  }, [s.status]);

  const orgId = s.status === "signed-in" ? s.org.id : null;
  // Which AI buttons the inbox shows; asked once per signed-in org.
  useEffect(() => {
    if (orgId) void loadAiStatus(true);
  }, [orgId]);

  if (s.status !== "signed-in") return <Splash />;
  if (s.org.terminatedAt) return <TerminatedPage user={s.user} org={s.org} />;
  if (s.mustEnrolTwoFactor) return <SetupTwoFactorPage user={s.user} orgName={s.org.name} />;
  return (
    <AppShell>
      <Router>
        <Route path="/" component={HomeRoute} />
        <Route path="/inbox/:conversationId?" component={InboxPage} />
        <Route path="/campaigns" component={CampaignsPage} />
        <Route path="/campaigns/new" component={NewCampaignRoute} />
        <Route path="/campaigns/:id" component={CampaignDetailPage} />
        <Route path="/contacts" component={ContactsPage} />
        <Route path="/contacts/board" component={BoardPage} />
        <Route path="/contacts/settings" component={CrmSettingsRoute} />
        <Route path="/contacts/import" component={ImportRoute} />
        <Route path="/contacts/import/:id" component={ImportRoute} />
        <Route path="/contacts/duplicates" component={DuplicatesRoute} />
        <Route path="/contacts/merge" component={MergeRoute} />
        <Route path="/contacts/:id" component={ContactPage} />
        <Route path="/saved-replies" component={CannedResponsesPage} />
        <Route path="/orders" component={OrdersPage} />
        <Route path="/products" component={ProductsPage} />
        <Route path="/reorders" component={ReordersPage} />
        <Route path="/dashboard" component={DashboardPage} />
        <Route path="/team" component={TeamPage} />
        <Route path="/numbers" component={NumbersPage} />
        <Route path="/profile" component={ProfilePage} />
        <Route path="/audit" component={AuditRoute} />
        <Route path="/settings" component={SettingsRoute} />
        <Route path="/backups" component={BackupsRoute} />
        <Route path="/billing" component={BillingPage} />
        <Route path="/settings/ai" component={AiSettingsRoute} />
        <Route path="/settings/automation" component={AutomationRoute} />
        <Route path="/settings/notifications" component={NotificationsPage} />
        <Route path="/settings/integrations" component={IntegrationsRoute} />
        <Route default component={NotFoundPage} />
      </Router>
    </AppShell>
  );
}
