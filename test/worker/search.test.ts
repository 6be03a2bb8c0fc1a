/**
 * Message search: fed from the rooms as messages arrive, accent- and case-insensitive with prefixes,
 * filtered, org-scoped; replays index nothing twice; erasure removes; a rebuild restores from the rooms.
 */
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addMember, Browser } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { workspace } from "../support/live";
import { conversationOf, postWebhook, seedOutbound } from "../support/parley";
import { ids, inbound, indexed, postInbound, search } from "../support/search";

const ANA = "351911110001";
const RUI = "351911110002";

async function orgWithMessages() {
  const w = await workspace();
  await postInbound(w.phoneNumberId, ANA, { text: "Olá! Têm o bule azul?" }, { name: "Ana" });
  await postInbound(w.phoneNumberId, ANA, { text: "A minha ENCOMENDA chegou partida 😢" }, { at: Date.parse("2026-03-02T10:00:00Z") });
  await postInbound(w.phoneNumberId, RUI, { document: { filename: "fatura-março.pdf", caption: "A fatura" } }, { name: "Rui" });
  await postInbound(w.phoneNumberId, RUI, { text: "Bom dia, queria uma encomenda grande" }, { name: "Rui" });
  const ana = await conversationOf(w.orgId, ANA);
  const rui = await conversationOf(w.orgId, RUI);
  await indexed(w.orgId);
  return { ...w, ana, rui };
}

describe("search: words", () => {
  it("finds messages whatever the accents and case, by prefix, with the matched words marked in context", async () => {
    const w = await orgWithMessages();
    const ola = await search(w.owner, { q: "ola" });
    expect(ola.results).toHaveLength(1);
    const [hit] = ola.results;
    expect(hit!.snippet).toEqual([
      { text: "Olá", hit: true },
      { text: "! Têm o bule azul?", hit: false },
    ]);
    expect(hit!.conversation).toMatchObject({ id: w.ana.id, contact: { name: "Ana", waId: ANA } });
    expect(hit).toMatchObject({ conversationId: w.ana.id, direction: "inbound", seq: 1, hasMedia: false });

    // "encom" is a prefix of both customers' "encomenda"; newest first.
    const encom = await search(w.owner, { q: "ENCOM" });
    expect(encom.results.map((r) => r.conversationId)).toEqual([w.rui.id, w.ana.id]);
    expect(encom.results[1]!.snippet.find((p) => p.hit)?.text).toBe("ENCOMENDA");
    // Every word must match.
    expect(ids(await search(w.owner, { q: "encomenda grande" }))).toHaveLength(1);
    expect(ids(await search(w.owner, { q: "encomenda azul" }))).toEqual([]);
    // File names and captions are searched; emoji are shown verbatim.
    const fatura = await search(w.owner, { q: "marco" });
    expect(fatura.results).toMatchObject([{ conversationId: w.rui.id, hasMedia: true, type: "document" }]);
    expect((await search(w.owner, { q: "partida" })).results[0]!.snippet.map((p) => p.text).join("")).toContain("😢");
  });

  it("private notes are searchable, and a replayed webhook indexes nothing twice", async () => {
    const w = await orgWithMessages();
    await expectJson(
      await w.owner.browser.post(`/api/conversations/${w.ana.id}/notes`, {
        clientId: crypto.randomUUID(),
        text: "Cliente pediu reembolso",
      }),
      201,
    );
    await indexed(w.orgId);
    expect((await search(w.owner, { q: "reembolso" })).results).toMatchObject([{ direction: "internal", type: "note" }]);

    const before = await env.SEARCH_INDEX.getByName(w.orgId).stats();
    const body = inbound(w.phoneNumberId, ANA, { text: "Outra vez o bule" }, { wamid: "wamid.replayed.once" });
    for (let i = 0; i < 3; i++) expect((await postWebhook(body)).status).toBe(200);
    await indexed(w.orgId);
    expect((await env.SEARCH_INDEX.getByName(w.orgId).stats()).messages).toBe(before.messages + 1);
    expect(ids(await search(w.owner, { q: "outra vez" }))).toHaveLength(1);
  });

  it("a message that fails is marked failed in the index", async () => {
    const w = await orgWithMessages();
    const wamid = "wamid.search.fails";
    await seedOutbound(w.orgId, w.ana.id, w.phoneNumberId, { wamid, body: "Enviamos amanhã" });
    const failed = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "112233445566778",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550783881", phone_number_id: w.phoneNumberId },
                statuses: [
                  {
                    id: wamid,
                    status: "failed",
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    recipient_id: ANA,
                    errors: [{ code: 131026, title: "Message undeliverable" }],
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    expect((await postWebhook(JSON.stringify(failed))).status).toBe(200);
    await indexed(w.orgId);
    expect((await search(w.owner, { q: "amanha" })).results).toMatchObject([{ direction: "outbound", status: "failed" }]);
  });
});

describe("search: filters", () => {
  it("contact, number, label, assignee, direction, date range and media", async () => {
    const w = await orgWithMessages();
    const agent = await addMember(w.owner, "agent");
    const q = (params: Record<string, string>) =>
      search(agent, { q: "encomenda", ...params }).then((r) => r.results.map((x) => x.conversationId));
    expect(await q({ contactId: w.ana.contactId })).toEqual([w.ana.id]);
    expect(await q({ phoneNumberId: w.phoneNumberId })).toEqual([w.rui.id, w.ana.id]);
    expect(await q({ phoneNumberId: "999" })).toEqual([]);
    await expectJson(await w.owner.browser.request("PUT", `/api/conversations/${w.rui.id}/labels`, { labels: ["vip"] }));
    expect(await q({ label: "vip" })).toEqual([w.rui.id]);
    await expectJson(await w.owner.browser.post(`/api/conversations/${w.ana.id}/assign`, { assigneeId: agent.userId }));
    expect(await q({ assignee: "me" })).toEqual([w.ana.id]);
    expect(await q({ assignee: "none" })).toEqual([w.rui.id]);
    expect(await q({ direction: "outbound" })).toEqual([]);
    expect(await q({ direction: "inbound" })).toEqual([w.rui.id, w.ana.id]);
    // Ana's encomenda was on 2 March 2026.
    expect(await q({ from: "2026-03-02", to: "2026-03-02" })).toEqual([w.ana.id]);
    expect(await q({ to: "2026-03-01" })).toEqual([]);
    expect(await q({ from: "2026-03-03" })).toEqual([w.rui.id]);
    // With no words, the filters alone list messages.
    expect((await search(agent, { hasMedia: "true" })).results).toMatchObject([{ conversationId: w.rui.id, type: "document" }]);
  });

  it("pages with `next`", async () => {
    const w = await orgWithMessages();
    const first = await search(w.owner, { q: "encomenda", limit: "1" });
    expect(first.next).toEqual(expect.any(String));
    const second = await search(w.owner, { q: "encomenda", limit: "1", cursor: first.next! });
    expect([...ids(first), ...ids(second)]).toEqual(ids(await search(w.owner, { q: "encomenda" })));
    expect(second.next).toBeNull();
  });

  it("bad inputs are 400s that say what to fix", async () => {
    const w = await workspace();
    const bad = (qs: string) => w.owner.browser.get(`/api/search/messages?${qs}`);
    await expectError(await bad(""), 400, "query_required", "Type something");
    await expectError(await bad("q=%F0%9F%98%A2%21%21"), 400, "query_no_words", "letters or digits");
    await expectError(await bad("q=ola&from=2026-03-05&to=2026-03-01"), 400, "invalid_range", "first day is after");
    await expectError(await bad("q=ola&from=2026-02-31"), 400, "invalid_query", "from");
    await expectError(await bad("q=ola&from=yesterday"), 400, "invalid_query", "2026-12-07");
    await expectError(await bad("q=ola&limit=0"), 400, "invalid_query", "limit");
    await expectError(await bad("q=ola&direction=sideways"), 400, "invalid_query", "direction");
    await expectError(await bad("q=ola&cursor=abc"), 400, "invalid_query", "cursor");
    await expectError(await bad(`q=${"a".repeat(201)}`), 400, "invalid_query", "200 characters");
    await expectError(await bad("q=ola&orgId=someone-else"), 400, "invalid_query");
    await expectError(await new Browser().get("/api/search/messages?q=ola"), 401, "session_missing");
  });
});

describe("search: tenants, erasure, rebuild", () => {
  it("org B finds none of org A's messages, whatever it names", async () => {
    const a = await orgWithMessages();
    const b = await orgWithMessages();
    const mine = await search(b.owner, { q: "ola" });
    expect(mine.results.map((r) => r.conversationId)).toEqual([b.ana.id]);
    expect((await search(b.owner, { q: "ola", contactId: a.ana.contactId })).results).toEqual([]);
    expect((await search(b.owner, { q: "ola", phoneNumberId: a.phoneNumberId })).results).toEqual([]);
    // A's page cursor means nothing in B's index.
    const aPage = await search(a.owner, { q: "encomenda", limit: "1" });
    expect(ids(await search(b.owner, { q: "encomenda", cursor: aPage.next! }))).not.toContain(aPage.results[0]!.messageId);
    const agentB = await addMember(b.owner, "agent");
    await expectError(await agentB.browser.get("/api/search/index"), 403, "forbidden");
    await expectError(await agentB.browser.post("/api/search/index/rebuild"), 403, "forbidden");
  });

  it("erasing a contact removes their messages from the index", async () => {
    const w = await orgWithMessages();
    const before = (await env.SEARCH_INDEX.getByName(w.orgId).stats()).messages;
    await expectJson(await w.owner.browser.delete(`/api/data/contacts/${w.ana.contactId}`));
    expect(ids(await search(w.owner, { q: "ola" }))).toEqual([]);
    expect((await search(w.owner, { q: "encomenda" })).results.map((r) => r.conversationId)).toEqual([w.rui.id]);
    expect((await env.SEARCH_INDEX.getByName(w.orgId).stats()).messages).toBe(before - 2);
  });

  it("a rebuild reads every room back into the index, with progress", async () => {
    const w = await orgWithMessages();
    const index = env.SEARCH_INDEX.getByName(w.orgId);
    const full = await index.stats();
    await index.purge();
    expect(ids(await search(w.owner, { q: "ola" }))).toEqual([]);
    const { rebuild } = await expectJson<{ rebuild: { state: string; conversationsTotal: number } }>(
      await w.owner.browser.post("/api/search/index/rebuild"),
      202,
    );
    expect(rebuild).toMatchObject({ state: "running", conversationsTotal: 2 });
    while (await runDurableObjectAlarm(index));
    const after = await expectJson<{ messages: number; rebuild: Record<string, unknown> }>(await w.owner.browser.get("/api/search/index"));
    expect(after.messages).toBe(full.messages);
    expect(after.rebuild).toMatchObject({ state: "done", conversationsDone: 2, messagesIndexed: full.messages });
    expect(ids(await search(w.owner, { q: "ola" }))).toHaveLength(1);
  });
});

describe("history around a message (a search result opening its conversation)", () => {
  it("answers the page centred on the message, with older and newer to load either way", async () => {
    const w = await workspace();
    for (let i = 1; i <= 30; i++) await postInbound(w.phoneNumberId, ANA, { text: `mensagem número ${i}` });
    const ana = await conversationOf(w.orgId, ANA);
    await indexed(w.orgId);
    const [hit] = (await search(w.owner, { q: "número 12" })).results.filter((r) => r.snippet.some((p) => p.text === "12"));
    expect(hit).toBeDefined();
    type Page = { messages: { id: string; seq: number }[]; hasMore: boolean; hasNewer: boolean; lastSeq: number };
    const page = await expectJson<Page>(
      await w.owner.browser.get(`/api/conversations/${ana.id}/messages?around=${hit!.messageId}&limit=10`),
    );
    expect(page.messages.map((m) => m.seq)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(page.messages[5]!.id).toBe(hit!.messageId);
    expect(page).toMatchObject({ hasMore: true, hasNewer: true, lastSeq: 30 });
    const newer = await expectJson<Page>(await w.owner.browser.get(`/api/conversations/${ana.id}/messages?after=16&limit=50`));
    expect(newer.messages.map((m) => m.seq)).toEqual(Array.from({ length: 14 }, (_, i) => 17 + i));

    const start = await expectJson<Page>(
      await w.owner.browser.get(`/api/conversations/${ana.id}/messages?around=${page.messages[0]!.id}&limit=20`),
    );
    expect(start).toMatchObject({ hasMore: false, hasNewer: true });
    await expectError(await w.owner.browser.get(`/api/conversations/${ana.id}/messages?around=nope`), 404, "message_not_found");
    await expectError(
      await w.owner.browser.get(`/api/conversations/${ana.id}/messages?around=${hit!.messageId}&before=5`),
      400,
      "invalid_query",
      "not both",
    );
    // Another org's message id opens nothing here, and another org's conversation is not reachable at all.
    const b = await workspace();
    await expectError(
      await b.owner.browser.get(`/api/conversations/${ana.id}/messages?around=${hit!.messageId}`),
      404,
      "conversation_not_found",
    );
  });
});
