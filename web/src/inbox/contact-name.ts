/** How a customer is named everywhere in the inbox: the team's name for them, WhatsApp's, or the number. */
import type { ConversationSummary } from "../../../durable/protocol";

export const phoneLabel = (waId: string | null): string | null => (waId ? `+${waId}` : null);

export const contactName = (c: Pick<ConversationSummary, "contact">): string =>
  c.contact.name?.trim() || phoneLabel(c.contact.waId) || "Unknown customer";
