/**
 * What the settings page tells an admin before they switch AI on: exactly what leaves, to whom, and
 * what never does. Built from the same constants the features use, so it cannot drift from the code.
 */
import type { AiFeature } from "../../db/tables/ai-enums";
import { MAX_ORDERS, MAX_PRODUCTS } from "./commerce-lines";
import { MAX_KNOWLEDGE_CHARS } from "./knowledge";
import { MAX_TURNS } from "./transcript";

export interface Disclosure {
  /** The host requests go to (OPENAI_BASE_URL's), and the model. */
  endpoint: string;
  model: string;
  features: Record<AiFeature, string>;
  always: string[];
  never: string[];
}

const CATALOG = `your catalog from Sales (up to ${MAX_PRODUCTS} products: name, SKU, price, unit, description, whether it is available)`;
const ORDERS = `the customer's last ${MAX_ORDERS} orders (number, date, status, items, total; never the delivery address or notes)`;

export function disclosure(baseUrl: string, model: string): Disclosure {
  let endpoint = baseUrl;
  try {
    endpoint = new URL(baseUrl).host;
  } catch {
    // A malformed base URL is shown as written; requests to it fail and say so.
  }
  return {
    endpoint,
    model,
    features: {
      summaries: `The conversation's last ${MAX_TURNS} messages (or those since the previous summary, with that summary), when you ask for a summary or a conversation is closed or reassigned.`,
      drafts: `The last ${MAX_TURNS} messages, your knowledge base (up to ${MAX_KNOWLEDGE_CHARS.toLocaleString("en")} characters), ${CATALOG} and ${ORDERS}, when an agent asks for a draft; for rephrase, shorten and translate, only the agent's own text.`,
      intent: `The last ${MAX_TURNS} messages and your list of intents, after each new customer message.`,
      leadScore: `The last ${MAX_TURNS} messages and the contact's number of past orders (no amounts, no names), after each new customer message.`,
      autoReply: `The last ${MAX_TURNS} messages, your knowledge base, ${CATALOG} and ${ORDERS}, after a customer message that arrives when an auto-reply may be sent.`,
    },
    always: [
      'Phone numbers, email addresses, card numbers and street addresses are replaced by placeholders such as "[PHONE_1]" before sending; drafts put them back on your side.',
      'Messages are sent as "Customer:" and "Business:" lines: no names, no WhatsApp numbers, no contact ids.',
      "Media is described by its caption and file name only; files are never sent.",
      "Private notes are never sent.",
      'Each request asks the provider not to store it ("store": false) and carries only a one-way hash of your organization\'s id.',
    ],
    never: [
      "Nothing is sent while AI is off, or for a feature that is switched off.",
      "Nothing is sent once this month's budget is used up.",
      "Parley does not use your data to train models; OpenAI's API does not train on API data by default (check your provider's terms if you point Parley elsewhere).",
    ],
  };
}
