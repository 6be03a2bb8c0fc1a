/**
 * The local OpenAI stand-in's answers: deterministic, read from the prompt Parley sends, so a test or the
 * demo can predict them. Parley opens every system prompt with `Task: <name>.`; structured outputs are
 * told apart by their JSON schema's name. Knowledge-base, catalog and order facts arrive as `- <title>: <text>` lines under their headings.
 */

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequest {
  model?: string;
  messages?: ChatMessage[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name?: string } };
}

/** Lower case without accents, so "Preço", "preco" and "PRECIO" meet. */
export const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** Little words that say nothing about what is asked, so "with" in a question does not match "with a card" in a fact. */
const STOP = new Set(
  "the and you your with for are how what can does have this that from our per any que com para por los las del una uma nos mas tem sus son".split(
    " ",
  ),
);
const words = (s: string) => new Set((fold(s).match(/[a-z0-9]{3,}/g) ?? []).filter((w) => !STOP.has(w)));

const INTENT_WORDS: [string, RegExp][] = [
  [
    "complaint",
    /\b(refund|reembolso|devolucao do dinheiro|devolucion del dinero|complain|reclama|queixa|broken|partid|roto|terrible|pessimo|horrible)/,
  ],
  ["delivery", /\b(deliver|entrega|envio|shipping|tracking|chega|llega)/],
  ["pricing", /\b(price|preco|precio|cost|custa|cuesta|quanto|cuanto|how much)/],
  ["order", /\b(order|encomend|pedido|buy|comprar|quero|quiero)/],
  ["spam", /\b(crypto|bitcoin|casino|lottery|loteria)/],
  ["support", /\b(help|ajuda|ayuda|problem|problema|how do|como)/],
];

const HUMAN = /\b(human|humano|person|pessoa|persona|agent|agente|someone real|alguem|alguien)\b/;

export function lastCustomerText(messages: ChatMessage[]): string {
  const convo = messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  const lines = convo.split("\n").filter((l) => l.startsWith("Customer:"));
  return (lines.at(-1) ?? convo).replace(/^Customer:\s*/, "");
}

interface Fact {
  title: string;
  text: string;
  /** From the "Catalog" section: the current price, which wins over a knowledge entry naming the same thing. */
  catalog: boolean;
  /** One of the customer's own orders, newest first. */
  order: boolean;
}

const ASKS_ABOUT_ORDER = /\b(my order|minha encomenda|meu pedido|mi pedido|encomenda|pedido)\b/;

/** Every `- <title>: <text>` line, with the section it sits in (a heading line ends with ":"). */
function knowledge(messages: ChatMessage[]): Fact[] {
  const all = messages.map((m) => m.content).join("\n");
  const facts: Fact[] = [];
  let section = "";
  for (const line of all.split("\n")) {
    const fact = /^- ([^:\n]+): (.+)$/.exec(line);
    if (fact)
      facts.push({
        title: fact[1]!,
        text: fact[2]!,
        catalog: section.startsWith("Catalog"),
        order: section.startsWith("This customer's orders"),
      });
    else if (line.trim()) section = line;
  }
  return facts;
}

/**
 * The fact sharing most words with the customer's text, if it shares at least one. A catalog line whose
 * product the customer named (every word of its name) comes first, as the prompt says the catalog's
 * price is the right one.
 */
function bestFact(messages: ChatMessage[], text: string): Fact | null {
  const asked = words(text);
  const latestOrder = knowledge(messages).find((f) => f.order);
  if (latestOrder && ASKS_ABOUT_ORDER.test(fold(text))) return latestOrder;
  let best: { fact: Fact; score: number } | null = null;
  for (const fact of knowledge(messages)) {
    const shared = [...words(`${fact.title} ${fact.text}`)].filter((w) => asked.has(w)).length;
    if (shared === 0) continue;
    const name = words(fact.title.replace(/\s*\([^)]*\)$/, ""));
    const named = fact.catalog && name.size > 0 && [...name].every((w) => asked.has(w));
    const score = shared + (named ? 100 : 0);
    if (!best || score > best.score) best = { fact, score };
  }
  return best?.fact ?? null;
}

/** A catalog line names its product ("Blue teapot: 34,99 € per unit…"); a knowledge entry's text stands alone. */
const factSentence = (f: Fact) =>
  f.catalog ? `${f.title.replace(/\s*\([^)]*\)$/, "")}: ${f.text}` : f.order ? `${f.title}: ${f.text}` : f.text;

function language(messages: ChatMessage[]): string {
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  return /Language: (\w+)/.exec(system)?.[1] ?? "en";
}

const GREETING: Record<string, string> = { pt: "Olá!", es: "¡Hola!", en: "Hi!" };

export function intentOf(text: string): { intent: string; confidence: number } {
  const t = fold(text);
  for (const [intent, re] of INTENT_WORDS) if (re.test(t)) return { intent, confidence: 0.92 };
  return { intent: "support", confidence: 0.41 };
}

/** The answer's text (JSON for structured outputs). */
export function answerFor(req: ChatRequest): string {
  const messages = req.messages ?? [];
  const schema = req.response_format?.type === "json_schema" ? req.response_format.json_schema?.name : undefined;
  const customer = lastCustomerText(messages);
  if (schema === "triage") {
    const { intent, confidence } = intentOf(customer);
    const turns = (messages.at(-1)?.content.match(/^Customer:/gm) ?? []).length;
    const orders = Number(/Orders: (\d+)/.exec(messages.at(-1)?.content ?? "")?.[1] ?? 0);
    const hot = intent === "order" || intent === "pricing";
    const score = Math.min(100, 20 + (hot ? 40 : 0) + Math.min(20, turns * 5) + Math.min(20, orders * 10));
    const reason = `${hot ? `Asked about ${intent}` : `Intent ${intent}`}; ${turns} message${turns === 1 ? "" : "s"}; ${orders} past order${orders === 1 ? "" : "s"}.`;
    return JSON.stringify({ intent, confidence, leadScore: score, leadReason: reason });
  }
  if (schema === "auto_reply") {
    const t = fold(customer);
    const lang = language(messages);
    if (HUMAN.test(t)) return JSON.stringify({ handoff: true, reason: "The customer asked for a person.", answer: "", confidence: 1 });
    if (intentOf(customer).intent === "complaint")
      return JSON.stringify({ handoff: true, reason: "A complaint or refund request.", answer: "", confidence: 1 });
    const fact = bestFact(messages, customer);
    if (!fact)
      return JSON.stringify({ handoff: false, reason: "Nothing in the knowledge base answers this.", answer: "", confidence: 0.2 });
    return JSON.stringify({
      handoff: false,
      reason: `From "${fact.title}".`,
      answer: `${GREETING[lang] ?? "Hi!"} ${factSentence(fact)}`,
      confidence: 0.9,
    });
  }
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  const task = /^Task: (\w+)/.exec(system)?.[1] ?? "chat";
  const userText = messages.at(-1)?.content ?? "";
  switch (task) {
    case "summary": {
      const lines = userText.split("\n").filter((l) => l.startsWith("Customer:"));
      const first = lines[0]?.replace(/^Customer:\s*/, "") ?? "nothing yet";
      return `The customer wrote ${lines.length} message${lines.length === 1 ? "" : "s"}. First: "${first.slice(0, 80)}". Latest: "${customer.slice(0, 80)}". Intent: ${intentOf(customer).intent}.`;
    }
    case "draft": {
      const lang = language(messages);
      const fact = bestFact(messages, customer);
      const contact = /\[(EMAIL|PHONE)_\d+\]/.exec(customer)?.[0];
      const body = fact ? factSentence(fact) : "Thanks for your message, let me check that for you.";
      return `${GREETING[lang] ?? "Hi!"} ${body}${contact ? ` We will reach you at ${contact}.` : ""}`;
    }
    case "shorten":
      return (userText.split(/(?<=[.!?])\s/)[0] ?? userText).trim();
    case "rephrase":
      return `${/Tone: (\w+)/.exec(system)?.[1] === "formal" ? "Dear customer, " : ""}${userText.trim()}`;
    case "translate":
      return `(${language(messages)}) ${userText.trim()}`;
    default:
      return "OK.";
  }
}

/** What the peer reports as token counts: about four characters a token, as OpenAI's tokenizers average. */
export const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));
