/**
 * Redaction before anything leaves for the model: phone numbers, emails, card numbers and street
 * addresses become placeholders (`[PHONE_1]`), the same value always the same placeholder, so the model
 * can still refer to "the number the customer gave". A draft coming back has its placeholders restored
 * for the agent; a card number is only ever restored as its last four digits.
 */

export type RedactionKind = "CARD" | "EMAIL" | "PHONE" | "ADDRESS";

/** Placeholder → original value, per conversation request. */
export type RedactionMap = Map<string, { kind: RedactionKind; value: string }>;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** 13–19 digits with optional single spaces or dashes between them; kept only if the Luhn check passes. */
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
/** 8–15 digits, optionally with + or 00, spaces, dots, dashes and parentheses between them. */
const PHONE = /(?:\+|\b00)?\(?\d[\d ().-]{6,}\d\b/g;
/** 2026-12-07 or 07/12/2026: dates look like phone numbers to the pattern above. */
const DATE = /^\d{4}-\d{2}-\d{2}$|^\d{2}[/.-]\d{2}[/.-]\d{4}$/;
const STREET_WORDS =
  "rua|r\\.|avenida|av\\.|travessa|tv\\.|praça|praca|largo|estrada|alameda|calle|c/|carrer|paseo|plaza|camino|street|st\\.|road|rd\\.|avenue|ave\\.|lane|boulevard|blvd\\.?";
/** "Rua Augusta 120, 3º Esq, 1100-053 Lisboa", "Calle Mayor, 5", "221B Baker Street". */
const ADDRESS = new RegExp(
  `(?:\\b(?:${STREET_WORDS})\\s+[^\\n;!?]{0,50}?\\d+[A-Za-z]?(?:[ ,]+\\d+[ºª°]?\\s*(?:andar|esq|dto|dir|piso|floor)\\.?)*(?:[ ,]*\\d{4}-\\d{3}(?:\\s+\\p{Lu}\\p{L}+)?)?)` +
    `|(?:\\b\\d+[A-Za-z]?\\s+\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+)?\\s+(?:Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Lane|Drive|Boulevard)\\b)` +
    `|(?:\\b\\d{4}-\\d{3}\\b)`,
  "giu",
);

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export class Redactor {
  readonly map: RedactionMap = new Map();
  private byValue = new Map<string, string>();
  private counts: Record<RedactionKind, number> = { CARD: 0, EMAIL: 0, PHONE: 0, ADDRESS: 0 };

  /** Redacts in order of specificity: a card number must not be taken for a phone number. */
  redact(text: string): string {
    let out = text.replace(EMAIL, (m) => this.placeholder("EMAIL", m));
    out = out.replace(CARD, (m) => (luhn(m.replace(/\D/g, "")) ? this.placeholder("CARD", m) : m));
    out = out.replace(ADDRESS, (m) => this.placeholder("ADDRESS", m.trim()));
    out = out.replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, "").length;
      if (DATE.test(m)) return m;
      return digits >= 8 && digits <= 15 ? this.placeholder("PHONE", m) : m;
    });
    return out;
  }

  /** How many values of each kind were redacted (for the usage log; never the values). */
  get tally(): Record<RedactionKind, number> {
    return { ...this.counts };
  }

  private placeholder(kind: RedactionKind, value: string): string {
    const key = `${kind}:${value}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const name = `[${kind}_${++this.counts[kind]}]`;
    this.byValue.set(key, name);
    this.map.set(name, { kind, value });
    return name;
  }
}

const PLACEHOLDER = /\[(?:CARD|EMAIL|PHONE|ADDRESS)_\d+\]/g;

/** Puts the customer's own details back into a draft; a card number only as its last four digits. */
export function restore(text: string, map: RedactionMap): string {
  return text.replace(PLACEHOLDER, (name) => {
    const hit = map.get(name);
    if (!hit) return name;
    return hit.kind === "CARD" ? `card ending ${hit.value.replace(/\D/g, "").slice(-4)}` : hit.value;
  });
}

/**
 * Restores placeholders in a stream of text chunks: a placeholder split across chunks ("[PHO" + "NE_1]")
 * is held back until it is complete, and everything else goes out at once.
 */
export class StreamRestorer {
  private held = "";
  constructor(private readonly map: RedactionMap) {}

  push(chunk: string): string {
    const text = this.held + chunk;
    const open = text.lastIndexOf("[");
    // Hold from an unclosed "[" that could still become a placeholder (they are at most ~12 characters).
    if (open !== -1 && !text.includes("]", open) && text.length - open < 16) {
      this.held = text.slice(open);
      return restore(text.slice(0, open), this.map);
    }
    this.held = "";
    return restore(text, this.map);
  }

  end(): string {
    const rest = restore(this.held, this.map);
    this.held = "";
    return rest;
  }
}
