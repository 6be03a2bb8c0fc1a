/** A contact as the API returns it and live frames carry it: the row without its org, plus its numbers. */
import type { Contact } from "./schema";

export type ContactView = Omit<Contact, "orgId" | "marketingOptChangedAt"> & {
  /** Every WhatsApp number it has used, the current one first. */
  numbers: string[];
  /** Derived from the opt-in and opt-out times: Broadcasts send marketing only to `opted_in`. */
  marketingStatus: MarketingStatus;
};

export type MarketingStatus = "opted_in" | "opted_out" | "unknown";

export function marketingStatus(c: Pick<Contact, "marketingOptInAt" | "marketingOptOutAt">): MarketingStatus {
  if (c.marketingOptOutAt !== null && (c.marketingOptInAt === null || c.marketingOptOutAt >= c.marketingOptInAt)) return "opted_out";
  return c.marketingOptInAt !== null ? "opted_in" : "unknown";
}

export function toContactView(row: Contact, earlierNumbers: string[] = []): ContactView {
  const { orgId: _o, marketingOptChangedAt: _m, ...rest } = row;
  const numbers = row.waId ? [row.waId, ...earlierNumbers.filter((n) => n !== row.waId)] : earlierNumbers;
  return { ...rest, numbers, marketingStatus: marketingStatus(row) };
}
