/**
 * Every form of the number one customer may be known by. Brazil added a 9 in front of mobile numbers
 * (55 + two-digit area code + 9 + eight digits); WhatsApp still reports many accounts without it, so
 * a contact imported with the 9 and one that wrote in without it are the same customer. Kept apart
 * from phone-number.ts (libphonenumber): the webhook Worker routes by it and need not carry that metadata.
 */
export function phoneVariants(waId: string): string[] {
  const br = /^55(\d{2})(\d{8,9})$/.exec(waId);
  if (!br) return [waId];
  const [, area, local] = br as unknown as [string, string, string];
  // Mobiles' eight digits start 6–9 (2–5 are landlines, which never had the 9 added).
  if (local.length === 9 && /^9[6-9]/.test(local)) return [waId, `55${area}${local.slice(1)}`];
  if (local.length === 8 && /^[6-9]/.test(local)) return [waId, `55${area}9${local}`];
  return [waId];
}
