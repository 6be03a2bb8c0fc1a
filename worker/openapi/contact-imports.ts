/** Contact creation and CSV import as documentation. */
import * as crm from "../schemas/contacts";
import * as imports from "../schemas/contact-imports";
import type { RouteDoc } from "./routes";
import * as C from "./responses/crm";
import * as CI from "./responses/contact-imports";

export const contactImportRouteDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/api/contacts",
    operationId: "createContact",
    response: C.contactOneOut,
    status: 201,
    errors: [
      "402 billing_restricted",
      "402 plan_limit",
      "409 contact_exists",
      "422 field_required",
      "422 invalid_field_value",
      "422 invalid_phone",
      "422 member_not_found",
      "422 unknown_field",
      "422 unknown_label",
      "422 unknown_stage",
    ],
    tag: "Contacts",
    summary:
      "Adds a contact (201). The phone is normalized to E.164 (`country` for a number written without its code); 409 `contact_exists` (with `details.contactId`) when the phone, in any form, or the email is already a contact; 422 `invalid_phone`; 402 `plan_limit` past the plan's contacts.",
    body: crm.createContactBody,
  },
  {
    method: "get",
    path: "/api/contact-imports",
    operationId: "listContactImports",
    response: CI.importsOut,
    errors: [],
    tag: "Contact imports",
    summary: "The last 20 imports with their progress.",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/contact-imports",
    operationId: "uploadContactImport",
    response: CI.importWithSampleOut,
    status: 201,
    errors: ["422 csv_empty", "422 csv_no_rows"],
    tag: "Contact imports",
    summary:
      "Uploads a CSV (201): parsed into chunks, its header row and a mapping guessed from it (`import.mapping`, one field or null per column) and the first rows (`sample`). The import is a draft until started. `?name=` names the file. 422 `csv_empty` / `csv_no_rows`, 413 past 32 MB or 250,000 rows.",
    query: imports.uploadQuery,
    rawBody: "The CSV file (UTF-8; `,`, `;` or tab separated; the first line names the columns).",
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/contact-imports/{id}",
    operationId: "getContactImport",
    response: CI.importWithSampleOut,
    errors: ["404 import_not_found", "410 import_file_gone"],
    tag: "Contact imports",
    summary:
      "An import: state (`draft`, `pending`, `running`, `done`, `failed`), rows done (`nextRow` of `totalRows`), created/updated/unchanged/skipped/failed counts, the first errors; `sample` while a draft. Progress also arrives live as `contact_import` frames on the inbox socket.",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/contact-imports/{id}/dry-run",
    operationId: "dryRunContactImport",
    response: CI.dryRunOut,
    errors: ["404 import_not_found", "409 import_started", "410 import_file_gone", "422 invalid_mapping", "422 unknown_field"],
    tag: "Contact imports",
    summary:
      "Runs the whole file through a mapping without writing: counts of rows that would create, update, leave unchanged, skip or be refused, and the first 20 rows with their outcome and reason. 422 `invalid_mapping` / `unknown_field`; 409 once started.",
    body: imports.importPlanBody,
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/contact-imports/{id}/start",
    operationId: "startContactImport",
    response: CI.importOneOut,
    status: 202,
    errors: [
      "402 billing_restricted",
      "402 plan_limit",
      "404 import_not_found",
      "409 import_started",
      "410 import_file_gone",
      "422 invalid_mapping",
      "422 unknown_field",
    ],
    tag: "Contact imports",
    summary:
      "Starts the import in the background (202): rows matching a contact by phone (any form, earlier numbers too) or email update it or are skipped (`onDuplicate`); numbers are normalized to E.164 with `defaultCountry`. 402 `plan_limit` when the new contacts would pass the plan's limit (nothing is imported); 409 `import_started`.",
    body: imports.importPlanBody,
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/contact-imports/{id}/errors.csv",
    operationId: "downloadContactImportErrors",
    response: { mediaType: "text/csv", description: "Every refused row with its line and reason." },
    errors: ["404 import_not_found"],
    tag: "Contact imports",
    summary: "Every refused row as CSV: its line in the file, the reason, then its cells as uploaded (fix and import it again).",
    auth: "admin",
  },
];
