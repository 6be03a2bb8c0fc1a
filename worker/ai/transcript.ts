/**
 * The minimum a feature needs from a conversation: its last turns (or those since a seq), as text, with
 * media sent only as captions or file names (never the file), notes and reactions left out, and every
 * line redacted. The model sees "Customer:" and "Business:" lines, never names or numbers.
 */
import type { Message, MessageContent } from "../../durable/protocol";
import type { Redactor } from "./redact";

/** How many messages a feature reads at most, newest last. */
export const MAX_TURNS = 30;

/** A message as a line of text, or null when it carries nothing a model should read. */
export function textOf(content: MessageContent): string | null {
  switch (content.type) {
    case "text":
      return content.body;
    case "image":
    case "video":
    case "document":
    case "sticker":
    case "audio":
      return `[${content.type}${content.filename ? ` "${content.filename}"` : ""}]${content.caption ? ` ${content.caption}` : ""}`;
    case "location":
      return "[shared a location]";
    case "contacts":
      return "[shared a contact card]";
    case "interactive":
      return content.title ?? null;
    case "button":
      return content.text;
    case "order":
      return `[sent an order: ${content.items.length} item(s)]${content.text ? ` ${content.text}` : ""}`;
    case "template":
      return content.preview;
    default:
      // Notes are the team's private words; reactions, system events and unsupported payloads say nothing.
      return null;
  }
}

export interface Transcript {
  lines: string[];
  /** The last seq the transcript covers. */
  uptoSeq: number;
  /** The customer's last message, redacted. */
  lastCustomer: string | null;
}

export function transcriptOf(messages: Pick<Message, "seq" | "direction" | "content">[], redactor: Redactor, afterSeq = 0): Transcript {
  const lines: string[] = [];
  let lastCustomer: string | null = null;
  let uptoSeq = afterSeq;
  for (const m of messages) {
    uptoSeq = Math.max(uptoSeq, m.seq);
    if (m.seq <= afterSeq || m.direction === "internal") continue;
    const text = textOf(m.content);
    if (!text) continue;
    const redacted = redactor.redact(text.replace(/\s+/g, " ").trim()).slice(0, 1000);
    if (m.direction === "inbound") lastCustomer = redacted;
    lines.push(`${m.direction === "inbound" ? "Customer" : "Business"}: ${redacted}`);
  }
  return { lines: lines.slice(-MAX_TURNS), uptoSeq, lastCustomer };
}

/** The language of the customer's words, by their most common little words; good enough to greet back in. */
export function guessLanguage(text: string): "en" | "pt" | "es" {
  const t = ` ${text.toLowerCase()} `;
  const score = (words: string[]) => words.reduce((n, w) => n + (t.includes(` ${w} `) || t.includes(` ${w}?`) ? 1 : 0), 0);
  const pt = score([
    "olá",
    "ola",
    "obrigado",
    "obrigada",
    "não",
    "quero",
    "minha",
    "meu",
    "já",
    "têm",
    "tem",
    "você",
    "vocês",
    "o",
    "do",
    "da",
    "é",
    "para",
    "quanto",
    "custa",
    "uma",
    "um",
  ]);
  const es = score([
    "hola",
    "gracias",
    "quiero",
    "tienen",
    "usted",
    "el",
    "del",
    "la",
    "es",
    "para",
    "cuánto",
    "cuanto",
    "cuesta",
    "una",
    "un",
    "y",
  ]);
  const en = score(["hi", "hello", "thanks", "the", "is", "do", "you", "have", "i", "want", "how", "much", "a", "to", "for", "my"]);
  if (pt > es && pt > en) return "pt";
  if (es > pt && es > en) return "es";
  return "en";
}
