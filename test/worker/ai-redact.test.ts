/** Redaction: what never reaches the model, and what comes back to the agent. */
import { describe, expect, it } from "vitest";
import { Redactor, restore, StreamRestorer } from "../../worker/ai/redact";

describe("redaction", () => {
  it("replaces phones, emails, card numbers and addresses; the same value is the same placeholder", () => {
    const r = new Redactor();
    const cases: [string, string][] = [
      ["Ligue-me para +351 912 345 678 ou 912345678", "Ligue-me para [PHONE_1] ou [PHONE_2]"],
      ["email ana.silva@example.pt por favor", "email [EMAIL_1] por favor"],
      ["cartão 4111 1111 1111 1111", "cartão [CARD_1]"],
      ["moro na Rua Augusta 120, 3º Esq, 1100-053 Lisboa", "moro na [ADDRESS_1]"],
      ["Vivo en Calle Mayor 5, Madrid. Tel 612 34 56 78", "Vivo en [ADDRESS_2], Madrid. Tel [PHONE_3]"],
      ["I live at 221B Baker Street, call (415) 555-0132", "I live at [ADDRESS_3], call [PHONE_4]"],
      ["again +351 912 345 678", "again [PHONE_1]"],
    ];
    for (const [input, expected] of cases) expect(r.redact(input)).toBe(expected);
    expect(r.tally).toEqual({ CARD: 1, EMAIL: 1, PHONE: 4, ADDRESS: 3 });
  });

  it("leaves prices, quantities, dates, order numbers and non-card digit runs alone", () => {
    const r = new Redactor();
    const text = "O bule custa 34,90 €, quero 2 unidades, encomenda 12345 de 2026-12-07; ref 1234 5678 9012 3456";
    expect(r.redact(text)).toBe(text);
  });

  it("restores placeholders in drafts, cards only as their last four digits, even split across stream chunks", () => {
    const r = new Redactor();
    r.redact("call +351 912 345 678, mail ana@example.pt, card 4111-1111-1111-1111");
    expect(restore("We will call [PHONE_1] and write to [EMAIL_1] about [CARD_1]. [PHONE_9] stays.", r.map)).toBe(
      "We will call +351 912 345 678 and write to ana@example.pt about card ending 1111. [PHONE_9] stays.",
    );
    const s = new StreamRestorer(r.map);
    const out = ["Hi [PHO", "NE_1] and [", "EMAIL_1]", ". [x"].map((c) => s.push(c)).join("") + s.end();
    expect(out).toBe("Hi +351 912 345 678 and ana@example.pt. [x");
  });
});
