/**
 * Phone numbers as Parley stores them: WhatsApp's `wa_id` shape, the E.164 digits without the `+`.
 * libphonenumber-js (its `max` metadata, so validity is checked per number range, not only by length)
 * reads any way a person writes a number, with the org's default country for numbers written nationally.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

export type PhoneCheck = { ok: true; waId: string } | { ok: false; message: string };

/** `raw` as E.164 digits, or why not. `defaultCountry` is ISO 3166-1 alpha-2 (e.g. PT), for numbers without a country code. */
export function normalizePhone(raw: string, defaultCountry?: string | null): PhoneCheck {
  const text = raw.trim();
  if (!text) return { ok: false, message: "phone is empty." };
  // 00 is the international prefix in most of the world; spreadsheets often drop the + too.
  const international = text.replace(/^00/, "+");
  const parsed = parsePhoneNumberFromString(international, {
    defaultCountry: (defaultCountry?.toUpperCase() as CountryCode | undefined) ?? undefined,
    extract: false,
  });
  const bare = !parsed && /^\d{8,15}$/.test(text) ? parsePhoneNumberFromString(`+${text}`) : undefined;
  const phone = parsed?.isValid() ? parsed : bare?.isValid() ? bare : undefined;
  if (!phone) {
    const hint = defaultCountry ? ` for ${defaultCountry.toUpperCase()}` : "; write it with its country code, e.g. +351…";
    return { ok: false, message: `phone: "${text}" is not a valid phone number${hint}.` };
  }
  return { ok: true, waId: phone.number.slice(1) };
}

export { phoneVariants } from "./phone-variants";
