/** CrmSettingsPage (web/src/crm/settings-page.tsx), with the CRM screens' styles. */
// Chips, tag inputs and panel labels are the inbox's; the contact panel shares the CRM's field editors.
import "../styles/inbox.css";
import "../styles/crm.css";

export { default } from "../crm/settings-page";
