/** What a reply stands on, read when it is asked for: the knowledge base, the catalog and the contact's orders. */
import type { Db } from "../../db/client";
import { loadCommerceFacts } from "./commerce-facts";
import { catalogLines, orderFactLines } from "./commerce-lines";
import { knowledgeLines, listKnowledge } from "./knowledge";
import type { Grounding, Language } from "./prompts";

export async function groundingFor(
  db: Db,
  orgId: string,
  contactId: string | null,
  language: Language,
): Promise<Grounding & { pastOrders: number }> {
  const [knowledge, commerce] = await Promise.all([listKnowledge(db, orgId), loadCommerceFacts(db, orgId, contactId)]);
  return {
    knowledge: knowledgeLines(knowledge),
    catalog: catalogLines(commerce.catalog, language),
    orders: orderFactLines(commerce.orders, language),
    pastOrders: commerce.pastOrders,
  };
}
