/** MergePage (web/src/crm/merge-page.tsx), with the CRM screens' styles. */
import "../styles/crm.css";

export { default } from "../crm/merge-page";
