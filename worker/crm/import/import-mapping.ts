/**
 * A CSV row as a contact: which column feeds which field (guessed from the headers, then chosen on the
 * mapping screen), and each row read into values or refused with the reason the error report shows.
 * Pure: the import job, the dry run and the preview all read rows through `readRow`.
 */
import type { ContactAddress, CustomFieldValue } from "../../../db/schema";
import { AppError } from "../../errors";
import { importFields, type ImportField } from "../../schemas/contact-imports";
import { checkFieldValue, type CustomFieldView } from "../custom-fields";
import { normalizePhone } from "../phone-number";

export type ImportTarget = ImportField | `custom.${string}`;

/** What a row says about a contact; null means the row left it out (an import never clears a field). */
export interface ImportedContact {
  waId: string | null;
  email: string | null;
  displayName: string | null;
  tags: string[];
  stage: string | null;
  language: string | null;
  address: ContactAddress | null;
  notes: string | null;
  leadScore: number | null;
  /** true: consented (opt-in column yes); false: opted out; null: the row does not say. */
  optIn: boolean | null;
  customFields: Record<string, CustomFieldValue>;
}

export type RowResult = { ok: true; contact: ImportedContact } | { ok: false; message: string };

export interface MappingContext {
  /** Per CSV column (by index), the field it feeds, or null to leave the column out. */
  targets: (ImportTarget | null)[];
  defaultCountry: string | null;
  fields: CustomFieldView[];
  stages: { key: string; name: string }[];
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Header spellings per field (squashed: lower-case letters and digits), English first, then pt/es. */
const SYNONYMS: Record<ImportField, string[]> = {
  name: ["name", "fullname", "contactname", "contact", "customer", "customername", "displayname", "nome", "nombre"],
  firstName: ["firstname", "givenname", "first", "forename", "primeironome"],
  lastName: ["lastname", "surname", "familyname", "last", "apelido", "apellido"],
  phone: [
    "phone",
    "phonenumber",
    "mobile",
    "mobilephone",
    "cell",
    "cellphone",
    "whatsapp",
    "whatsappnumber",
    "tel",
    "telephone",
    "telefone",
    "telemovel",
    "telefono",
    "celular",
    "waid",
    "msisdn",
    "number",
  ],
  email: ["email", "emailaddress", "mail", "correio", "correo"],
  tags: ["tags", "tag", "etiquetas"],
  stage: ["stage", "lifecyclestage", "lifecycle", "etapa", "fase"],
  language: ["language", "lang", "locale", "idioma", "lingua"],
  street: ["street", "address", "streetaddress", "address1", "addressline1", "morada", "rua", "direccion"],
  city: ["city", "town", "cidade", "ciudad", "localidade"],
  postalCode: ["postalcode", "postcode", "zip", "zipcode", "codigopostal", "cep"],
  country: ["country", "countrycode", "pais"],
  notes: ["notes", "note", "comments", "comment", "notas", "observacoes"],
  leadScore: ["leadscore", "score"],
  optIn: ["optin", "marketingoptin", "consent", "marketingconsent", "subscribed", "newsletter", "acceptsmarketing", "marketing"],
};

/** A field for each header, or null; a field is guessed for one column at most (the first). */
export function guessMapping(headers: string[], fields: CustomFieldView[]): (ImportTarget | null)[] {
  const taken = new Set<string>();
  return headers.map((header) => {
    const h = squash(header);
    if (!h) return null;
    const custom = fields.find((f) => squash(f.key) === h || squash(f.label) === h);
    const found: ImportTarget | undefined = custom ? `custom.${custom.key}` : importFields.find((f) => SYNONYMS[f].includes(h));
    if (!found || taken.has(found)) return null;
    taken.add(found);
    return found;
  });
}

/** 422 for a mapping that cannot import anything or names a field the org does not have. */
export function checkMapping(targets: (ImportTarget | null)[], columns: number, fields: CustomFieldView[]): void {
  if (targets.length !== columns) {
    throw new AppError(422, "invalid_mapping", `mapping: give one entry per column (${columns}), null to leave a column out.`);
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (t === null) continue;
    if (t.startsWith("custom.") && !fields.some((f) => `custom.${f.key}` === t)) {
      throw new AppError(422, "unknown_field", `mapping: "${t}" is not one of your organization's custom fields.`);
    }
    if (seen.has(t)) throw new AppError(422, "invalid_mapping", `mapping: "${t}" is mapped from two columns; choose one.`);
    seen.add(t);
  }
  if (!seen.has("phone") && !seen.has("email")) {
    throw new AppError(422, "invalid_mapping", "mapping: map a phone or an email column, so rows can be matched to contacts.");
  }
}

const YES = new Set(["yes", "y", "true", "1", "optedin", "optin", "subscribed", "sim", "si", "x"]);
const NO = new Set(["no", "n", "false", "0", "optedout", "optout", "unsubscribed", "nao"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const COUNTRY = /^[A-Z]{2}$/;

/** A list cell: "a, b; c", or a JSON array as Parley's own export writes lists. */
function listOf(value: string): string[] {
  if (value.startsWith("[")) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {}
  }
  return value.split(/[,;|]/);
}

/** One row's cells as a contact, or the first reason it cannot be imported. */
export function readRow(cells: string[], ctx: MappingContext): RowResult {
  const c: ImportedContact = {
    waId: null,
    email: null,
    displayName: null,
    tags: [],
    stage: null,
    language: null,
    address: null,
    notes: null,
    leadScore: null,
    optIn: null,
    customFields: {},
  };
  let first = "";
  let last = "";
  const address: ContactAddress = {};
  for (let i = 0; i < ctx.targets.length; i++) {
    const target = ctx.targets[i];
    // The error report defuses formula-like cells with a leading ' (as exports do): importing it back undoes that.
    const value = (cells[i] ?? "").trim().replace(/^'(?=[=+\-@])/, "");
    if (!target || !value) continue;
    switch (target) {
      case "name":
        c.displayName = value.slice(0, 100);
        break;
      case "firstName":
        first = value;
        break;
      case "lastName":
        last = value;
        break;
      case "phone": {
        const phone = normalizePhone(value, ctx.defaultCountry);
        if (!phone.ok) return phone;
        c.waId = phone.waId;
        break;
      }
      case "email":
        if (!EMAIL.test(value) || value.length > 200) return { ok: false, message: `email: "${value}" is not a valid address.` };
        c.email = value.toLowerCase();
        break;
      case "tags":
        c.tags = [
          ...new Set(
            listOf(value)
              .map((t) => t.trim().slice(0, 40))
              .filter(Boolean),
          ),
        ].slice(0, 30);
        break;
      case "stage": {
        const stage = ctx.stages.find((s) => s.key === value || squash(s.name) === squash(value));
        if (!stage) return { ok: false, message: `stage: "${value}" is not one of your lifecycle stages.` };
        c.stage = stage.key;
        break;
      }
      case "language":
        if (!LANGUAGE.test(value)) return { ok: false, message: `language: "${value}" is not a language tag like pt or pt-BR.` };
        c.language = value;
        break;
      case "street":
        address.street = value.slice(0, 200);
        break;
      case "city":
        address.city = value.slice(0, 100);
        break;
      case "postalCode":
        address.postalCode = value.slice(0, 20);
        break;
      case "country":
        if (!COUNTRY.test(value.toUpperCase()))
          return { ok: false, message: `country: "${value}" is not a two-letter country code like PT.` };
        address.country = value.toUpperCase();
        break;
      case "notes":
        c.notes = value.slice(0, 8000);
        break;
      case "leadScore": {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 100)
          return { ok: false, message: `leadScore: "${value}" is not a whole number from 0 to 100.` };
        c.leadScore = n;
        break;
      }
      case "optIn": {
        const v = squash(value);
        if (YES.has(v)) c.optIn = true;
        else if (NO.has(v)) c.optIn = false;
        else if (v === "unknown") break;
        else return { ok: false, message: `optIn: "${value}" is neither yes nor no.` };
        break;
      }
      default: {
        const field = ctx.fields.find((f) => `custom.${f.key}` === target);
        if (!field) break;
        const checked = checkFieldValue(field, field.type === "multiselect" && value.startsWith("[") ? listOf(value) : value);
        if (!checked.ok) return { ok: false, message: checked.message };
        c.customFields[field.key] = checked.value;
      }
    }
  }
  if (!c.displayName && (first || last)) c.displayName = `${first} ${last}`.trim().slice(0, 100);
  if (Object.keys(address).length) c.address = address;
  if (!c.waId && !c.email) return { ok: false, message: "Needs a phone number or an email to find or create the contact." };
  return { ok: true, contact: c };
}
