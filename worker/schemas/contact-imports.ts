/** Bodies of the contact import API (the CSV itself is the raw body of the upload). */
import { z } from "zod/mini";

/** Contact fields a CSV column can feed; `custom.<key>` feeds a custom field. */
export const importFields = [
  "name",
  "firstName",
  "lastName",
  "phone",
  "email",
  "tags",
  "stage",
  "language",
  "street",
  "city",
  "postalCode",
  "country",
  "notes",
  "leadScore",
  "optIn",
] as const;
export type ImportField = (typeof importFields)[number];

export const duplicateActions = ["update", "skip"] as const;

const target = z
  .string()
  .check(
    z.refine(
      (t) => (importFields as readonly string[]).includes(t) || /^custom\.[a-z][a-z0-9_]{0,39}$/.test(t),
      "Unknown field to import into.",
    ),
  );

/** The mapping screen's choices: used by the dry run and by the start of the import alike. */
export const importPlanBody = z.strictObject({
  /** One entry per CSV column, in order: the field it feeds, or null to leave it out. */
  mapping: z.array(z.nullable(target)).check(z.minLength(1), z.maxLength(200)),
  /** ISO 3166-1 alpha-2, for numbers written without their country code. */
  defaultCountry: z._default(z.nullable(z.string().check(z.regex(/^[A-Z]{2}$/, "defaultCountry is a two-letter code, e.g. PT."))), null),
  /** A row whose phone or email is already a contact: fill in that contact (`update`) or leave it as it is (`skip`). */
  onDuplicate: z._default(z.enum(duplicateActions), "update"),
});
export type ImportPlan = z.infer<typeof importPlanBody>;

export const uploadQuery = z.strictObject({
  name: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), "contacts.csv"),
});
