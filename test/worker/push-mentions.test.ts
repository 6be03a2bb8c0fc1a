/** Who a private note @mentions: full names, unique first names and email local parts; accents and case ignored. */
import { describe, expect, it } from "vitest";
import { mentionedMembers } from "../../worker/push/mentions";

const team = [
  { id: "ana1", name: "Ana Silva", email: "ana.silva@shop.pt" },
  { id: "ana2", name: "Ana Costa", email: "acosta@shop.pt" },
  { id: "joao", name: "João Pereira", email: "jp@shop.pt" },
];

describe("note mentions", () => {
  it("names by full name, unique first name (accents and case ignored) or email local part", () => {
    expect(mentionedMembers("@ana silva can you call?", team)).toEqual(["ana1"]);
    expect(mentionedMembers("cc @Joao", team)).toEqual(["joao"]);
    expect(mentionedMembers("cc @acosta, @JOÃO PEREIRA.", team)).toEqual(["ana2", "joao"]);
  });

  it("a first name two members share, a longer word, or an email address mentions nobody", () => {
    expect(mentionedMembers("@Ana please", team)).toEqual([]);
    expect(mentionedMembers("@Joaozinho", team)).toEqual([]);
    expect(mentionedMembers("mail jp@shop.pt", team)).toEqual([]);
    expect(mentionedMembers("no mention here", team)).toEqual([]);
  });
});
