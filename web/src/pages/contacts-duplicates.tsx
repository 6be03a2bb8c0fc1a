/** DuplicatesPage (web/src/crm/duplicates-page.tsx), with the CRM screens' styles. */
import "../styles/crm.css";

export { default } from "../crm/duplicates-page";
