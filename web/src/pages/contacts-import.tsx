/** ImportPage (web/src/crm/import-page.tsx), with the CRM screens' styles and the progress bar's. */
import "../styles/crm.css";
import "../styles/campaigns.css";

export { default } from "../crm/import-page";
