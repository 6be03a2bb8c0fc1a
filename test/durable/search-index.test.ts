import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { SearchIndex } from "../../durable/search-index";
import { ftsQuery, queryTerms, snippetParts } from "../../durable/search/fts-query";
import type { SearchDoc } from "../../durable/search/search-doc";

let n = 0;
const freshOrg = () => `org_search_${Date.now()}_${++n}`;
const AT = 1_781_200_000_000;

function doc(id: string, text: string, over: Partial<SearchDoc> = {}): SearchDoc {
  return {
    messageId: id,
    conversationId: "cv1",
    seq: 1,
    direction: "inbound",
    phoneNumberId: "pn1",
    at: AT,
    hasMedia: false,
    type: "text",
    status: null,
    text,
    ...over,
  };
}

const search = (index: DurableObjectStub<SearchIndex>, orgId: string, q: string, extra = {}) =>
  index.search(orgId, { match: ftsQuery(queryTerms(q)), conversationIds: null, limit: 20, ...extra });

describe("SearchIndex (FTS5 in the object's SQLite)", () => {
  it("runs on workerd's SQLite with FTS5, unicode61 remove_diacritics 2 and prefix indexes", async () => {
    const orgId = freshOrg();
    const index = env.SEARCH_INDEX.getByName(orgId);
    await index.apply(orgId, [{ op: "upsert", doc: doc("m1", "Olá! Têm o bule azul? A ENCOMENDA chegou 🎉") }]);
    for (const q of ["ola", "OLA", "olá", "encom", "bule az", "têm", "tem"]) {
      const { hits } = await search(index, orgId, q);
      expect(
        hits.map((h) => h.messageId),
        q,
      ).toEqual(["m1"]);
    }
    expect((await search(index, orgId, "bule verde")).hits).toEqual([]);
    const [hit] = (await search(index, orgId, "ola")).hits;
    expect(snippetParts(hit!.snippet)).toEqual([
      { text: "Olá", hit: true },
      { text: "! Têm o bule azul? A ENCOMENDA chegou 🎉", hit: false },
    ]);
  });
});
