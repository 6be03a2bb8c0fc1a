/**
 * Export: an owner or admin starts one; the Queue builds it in steps (EXPORT_STEP_ROWS is 40 in tests,
 * so every export here spans several messages); the zip holds every table and every message of every
 * room, without secrets; the download link is short-lived, signed, and bound to its export.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dataExports } from "../../db/tables/data";
import { addMember, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { downloadExport, rowsOf, seedConversations, waitForExport, type PublicExport } from "../support/data";
import { allMessagesOf, db } from "../support/parley";

async function startExport(member: Awaited<ReturnType<typeof signUpOwner>>) {
  const { export: e } = await expectJson<{ export: PublicExport }>(await member.browser.post("/api/data/exports"), 202);
  return e;
}

describe("export", { timeout: 90_000 }, () => {
  it("zips every table and every message, in several queue steps, without secrets", async () => {
    const owner = await signUpOwner("Export Org");
    await seedConversations(owner, 100);
    const started = await startExport(owner);
    expect(started.status).toBe("queued");
    const done = await waitForExport(owner, started.id);
    expect(done.status).toBe("ready");
    const stored = await db().select().from(dataExports).where(eq(dataExports.id, started.id)).get();
    // 103 messages and a dozen rows at 40 rows a step: at least three steps, each its own queue message.
    expect(stored!.step).toBeGreaterThanOrEqual(3);
    expect(done.doneRows).toBeGreaterThanOrEqual(103);

    const files = await downloadExport(owner, started.id);
    expect(files["README.txt"]).toContain("every message of every conversation");
    const messages = rowsOf(files, "messages");
    const inRooms = await allMessagesOf(owner.orgId);
    expect(messages.map((m) => m.id).sort()).toEqual(inRooms.map((m) => m.id).sort());
    expect(messages.length).toBe(103);
    expect(Object.keys(files).filter((k) => k.startsWith("messages/") && k.endsWith(".csv")).length).toBeGreaterThan(1);
    const reply = messages.find((m) => (m.content as { body?: string }).body === "reply 7 =SUM(A1)");
    expect(reply).toMatchObject({ direction: "outbound", status: "queued" });
    // CSV: a header, then one line per row; formulas defused.
    const csv = Object.entries(files)
      .filter(([k]) => k.startsWith("messages/") && k.endsWith(".csv"))
      .map(([, v]) => v)
      .join("");
    expect(csv).toContain("conversationId,id,seq,wamid,direction");
    expect(csv).toContain("reply 7 =SUM(A1)");

    expect(rowsOf(files, "organization")).toEqual([expect.objectContaining({ id: owner.orgId, name: "Export Org" })]);
    expect(rowsOf(files, "members")).toEqual([expect.objectContaining({ email: owner.email, role: "owner" })]);
    expect(rowsOf(files, "contacts")).toHaveLength(2);
    expect(rowsOf(files, "conversations")).toHaveLength(2);
    expect(rowsOf(files, "whatsapp_numbers")).toHaveLength(1);
    expect(rowsOf(files, "audit_log").map((e) => e.action)).toContain("auth.signup");
    const everything = Object.values(files).join("\n");
    expect(everything).not.toMatch(/password_?hash|\$2[aby]\$|accessTokenSealed|v1\.k1\./i);
    expect(everything).not.toContain(env.META_ACCESS_TOKEN);

    const { emailDeliveries } = await import("../../db/tables/email");
    const mails = await db().select().from(emailDeliveries).where(eq(emailDeliveries.orgId, owner.orgId)).all();
    expect(mails.filter((m) => m.template === "export_ready").map((m) => m.to)).toEqual([owner.email]);
  });

  it("is stored sealed in R2: the object is not a zip and names no customer", async () => {
    const owner = await signUpOwner();
    await seedConversations(owner, 5);
    const e = await waitForExport(owner, (await startExport(owner)).id);
    const row = await db().select().from(dataExports).where(eq(dataExports.id, e.id)).get();
    const obj = await env.MEDIA.get(row!.r2Key);
    const bytes = new Uint8Array(await obj!.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).not.toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(new TextDecoder().decode(bytes)).not.toContain("reply 1");
  });

  it("download links: expired, altered or for another export are refused", async () => {
    const owner = await signUpOwner();
    const a = await waitForExport(owner, (await startExport(owner)).id);
    const { url } = await expectJson<{ url: string }>(await owner.browser.post(`/api/data/exports/${a.id}/link`));
    const u = new URL(url, "https://parley.test");
    const params: Record<string, string> = {};
    u.searchParams.forEach((v, k) => {
      params[k] = v;
    });
    const sig = u.searchParams.get("sig")!;
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`;
    await expectError(await owner.browser.get(`${u.pathname}?${new URLSearchParams({ ...params, sig: flipped })}`), 403, "link_invalid");
    const later = String(Number(u.searchParams.get("exp")) + 60_000);
    await expectError(await owner.browser.get(`${u.pathname}?${new URLSearchParams({ ...params, exp: later })}`), 403, "link_invalid");
    await expectError(await owner.browser.get(`/api/data/download/${crypto.randomUUID()}${u.search}`), 403, "link_invalid");
    await expectError(await owner.browser.get(u.pathname), 403, "link_invalid");
    const { signDownload } = await import("../../worker/data/download-link");
    const stale = await signDownload(env, a.id, Date.now() - 1);
    await expectError(await owner.browser.get(stale), 403, "link_invalid");
  });

  it("a link for an export that is not ready is 409; an export already running is 409", async () => {
    const owner = await signUpOwner();
    await seedConversations(owner, 60);
    const e = await startExport(owner);
    await db().update(dataExports).set({ status: "running" }).where(eq(dataExports.id, e.id));
    await expectError(await owner.browser.post(`/api/data/exports/${e.id}/link`), 409, "export_not_ready");
    await expectError(await owner.browser.post("/api/data/exports"), 409, "export_running");
  });
});

describe("export: roles and tenants", { timeout: 90_000 }, () => {
  it("agents get 403 on every data route", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const e = await waitForExport(owner, (await startExport(owner)).id);
    await expectError(await agent.browser.get("/api/data/exports"), 403, "forbidden");
    await expectError(await agent.browser.post("/api/data/exports"), 403, "forbidden");
    await expectError(await agent.browser.get(`/api/data/exports/${e.id}`), 403, "forbidden");
    await expectError(await agent.browser.post(`/api/data/exports/${e.id}/link`), 403, "forbidden");
  });

  it("admins may export; org B's owner and admin cannot list, read or link org A's export", async () => {
    const a = await signUpOwner("Org A");
    const admin = await addMember(a, "admin");
    const e = await waitForExport(admin, (await startExport(admin)).id);
    expect(e.status).toBe("ready");
    const b = await signUpOwner("Org B");
    const bAdmin = await addMember(b, "admin");
    for (const m of [b, bAdmin]) {
      const { exports } = await expectJson<{ exports: PublicExport[] }>(await m.browser.get("/api/data/exports"));
      expect(exports.map((x) => x.id)).not.toContain(e.id);
      await expectError(await m.browser.get(`/api/data/exports/${e.id}`), 404, "export_not_found");
      await expectError(await m.browser.post(`/api/data/exports/${e.id}/link`), 404, "export_not_found");
    }
    const files = await downloadExport(a, e.id);
    expect(rowsOf(files, "organization")[0]!.id).toBe(a.orgId);
  });

  it("signed out: 401", async () => {
    const { Browser } = await import("../support/accounts");
    const stranger = new Browser();
    await stranger.csrf();
    await expectError(await stranger.get("/api/data/exports"), 401, "session_missing");
    await expectError(await stranger.post("/api/data/exports"), 401, "session_missing");
  });
});

describe("export: a large org", { timeout: 90_000 }, () => {
  it("8,000 messages of incompressible text: several 5 MiB frames, carried across steps, every message once", async () => {
    const owner = await signUpOwner("Large Org");
    const { first } = await seedConversations(owner, 0);
    const { room } = await import("../support/parley");
    const r = room(owner.orgId, first.id);
    const random = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(900))));
    for (let batch = 0; batch < 8; batch++) {
      const rows = Array.from({ length: 1000 }, (_, i) => {
        const seq = 1000 + batch * 1000 + i;
        return {
          id: `big-${seq}`,
          seq,
          wamid: null,
          direction: "outbound",
          phone_number_id: null,
          content: JSON.stringify({ type: "text", body: random() }),
          context: null,
          wa_ts: seq,
          received_at: seq,
          status: "sent",
          status_at: seq,
          error: null,
          media: null,
          author: null,
          reactions: "{}",
        };
      });
      expect(await r.importMessages({ orgId: owner.orgId, conversationId: first.id, rows, unreadCount: 0 })).toBe(1000);
    }
    const { startExport: start } = await import("../../worker/data/exports");
    const { openDb } = await import("../../db/client");
    const row = await start(env, openDb(env.DB), { orgId: owner.orgId, kind: "export", requestedBy: owner.userId, stepRows: 1500 });
    const done = await waitForExport(owner, row.id, 120_000);
    expect(done.status).toBe("ready");
    expect(done.bytes!).toBeGreaterThan(2 * 5 * 1024 * 1024);
    const stored = await db().select().from(dataExports).where(eq(dataExports.id, row.id)).get();
    expect(stored!.step).toBeGreaterThanOrEqual(6);
    const files = await downloadExport(owner, row.id);
    const ids = rowsOf(files, "messages").map((m) => m.id as string);
    expect(ids.length).toBe(8003);
    expect(new Set(ids).size).toBe(ids.length);
    // No carry objects are left behind.
    const listed = await env.MEDIA.list({ prefix: `data/${owner.orgId}/` });
    expect(listed.objects.map((o) => o.key)).toEqual([stored!.r2Key]);
  }, 180_000);
});
