/**
 * Settings → Notifications' API: a device opts in with its browser subscription (refused with a code when
 * the endpoint or keys are wrong, storing nothing), lists and removes only its owner's devices, switches
 * per event, and the org's privacy setting for admins only. Another org can read or change none of it.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pushPreferences, pushSettings, pushSubscriptions } from "../../db/tables/push";
import { addMember, signUpOwner } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";
import { auditOf } from "../support/org-state";
import { db } from "../support/parley";
import { optIn, peerSubscription } from "../support/push";

interface PushState {
  publicKey: string | null;
  devices: { id: string; device: string }[];
  preferences: Record<string, boolean>;
  preview: string;
}

const devicesOf = (orgId: string) => db().select().from(pushSubscriptions).where(eq(pushSubscriptions.orgId, orgId)).all();

describe("push settings API", () => {
  it("a member opts a device in, sees it with the VAPID key, and opts it out", async () => {
    const owner = await signUpOwner();
    const before = await expectJson<PushState>(await owner.browser.get("/api/push"));
    expect(before.publicKey).toMatch(/^[\w-]{87}$/);
    expect(before).toMatchObject({ devices: [], preview: "sender" });
    expect(before.preferences).toEqual({ newConversation: true, assignedMessage: true, mention: true, windowClosing: true });

    const { id: _peerId, ...sub } = await peerSubscription();
    const created = await expectJson<{ device: { id: string; device: string } }>(
      await owner.browser.post("/api/push/subscriptions", sub),
      201,
    );
    // Subscribing again (the page does on every visit) refreshes the keys and keeps the one row.
    const again = await expectJson<{ device: { id: string } }>(await owner.browser.post("/api/push/subscriptions", sub), 200);
    expect(again.device.id).toBe(created.device.id);
    const after = await expectJson<PushState>(await owner.browser.get("/api/push"));
    expect(after.devices.map((d) => d.id)).toEqual([created.device.id]);
    expect(after.devices[0]!.device).toBeTypeOf("string");

    expect((await owner.browser.delete(`/api/push/subscriptions/${created.device.id}`)).status).toBe(204);
    expect(await devicesOf(owner.orgId)).toEqual([]);
    await expectError(await owner.browser.delete(`/api/push/subscriptions/${created.device.id}`), 404, "push_device_not_found");
  });

  it("refuses endpoints outside the allowed push services and malformed keys, storing nothing", async () => {
    const owner = await signUpOwner();
    const { id: _id, ...sub } = await peerSubscription();
    const post = (body: unknown) => owner.browser.post("/api/push/subscriptions", body);
    await expectError(await post({ ...sub, endpoint: "https://evil.example/push/1" }), 422, "push_service_not_allowed", /evil\.example/);
    await expectError(await post({ ...sub, endpoint: "http://169.254.169.254/latest" }), 422, "push_service_not_allowed");
    await expectError(await post({ ...sub, endpoint: "not a url" }), 400, "invalid_endpoint");
    await expectError(await post({ ...sub, keys: { ...sub.keys, p256dh: sub.keys.auth } }), 400, "invalid_push_key", /65 bytes/);
    await expectError(await post({ ...sub, keys: { ...sub.keys, auth: "A".repeat(27) } }), 400, "invalid_push_key", /16 bytes/);
    await expectError(await post({ ...sub, keys: { ...sub.keys, auth: "not base64!" } }), 400, "invalid_body", /base64url/);
    await expectError(await post({ endpoint: sub.endpoint }), 400, "invalid_body", /keys/);
    await expectError(await post({ ...sub, extra: 1 }), 400, "invalid_body", /Unknown field/);
    expect(await devicesOf(owner.orgId)).toEqual([]);
  });

  it("switches are per member and keep what is not named; an empty body is refused", async () => {
    const owner = await signUpOwner();
    const agent = await addMember(owner, "agent");
    const { preferences } = await expectJson<{ preferences: Record<string, boolean> }>(
      await agent.browser.request("PUT", "/api/push/preferences", { mention: false }),
    );
    expect(preferences).toEqual({ newConversation: true, assignedMessage: true, mention: false, windowClosing: true });
    await expectJson(await agent.browser.request("PUT", "/api/push/preferences", { windowClosing: false }));
    expect((await expectJson<PushState>(await agent.browser.get("/api/push"))).preferences).toMatchObject({
      mention: false,
      windowClosing: false,
    });
    expect((await expectJson<PushState>(await owner.browser.get("/api/push"))).preferences.mention).toBe(true);
    await expectError(await agent.browser.request("PUT", "/api/push/preferences", {}), 400, "invalid_body", /at least one/);
    await expectError(await agent.browser.request("PUT", "/api/push/preferences", { mention: "no" }), 400, "invalid_body", /mention/);
    const row = await db().select().from(pushPreferences).where(eq(pushPreferences.userId, agent.userId)).get();
    expect(row).toMatchObject({ mention: false, windowClosing: false, newConversation: true });
  });

  it("only admins set the org's privacy setting, audited; a bad value is refused", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    await expectError(await agent.browser.request("PUT", "/api/push/settings", { preview: "full" }), 403, "forbidden");
    await expectError(await admin.browser.request("PUT", "/api/push/settings", { preview: "everything" }), 400, "invalid_body", /preview/);
    expect(await db().select().from(pushSettings).where(eq(pushSettings.orgId, owner.orgId)).get()).toBeUndefined();
    expect(await expectJson(await admin.browser.request("PUT", "/api/push/settings", { preview: "none" }))).toEqual({ preview: "none" });
    expect((await expectJson<PushState>(await agent.browser.get("/api/push"))).preview).toBe("none");
    expect((await auditOf(owner.orgId, "push.privacy_changed")).map((a) => a.detail)).toEqual([{ preview: "none" }]);
  });

  it("another org can neither see, remove nor take over a device, nor change this org's setting", async () => {
    const a = await signUpOwner("Org A");
    const b = await signUpOwner("Org B");
    const deviceA = await optIn(a);
    expect((await expectJson<PushState>(await b.browser.get("/api/push"))).devices).toEqual([]);
    await expectError(await b.browser.delete(`/api/push/subscriptions/${deviceA.deviceId}`), 404, "push_device_not_found");
    expect(await devicesOf(a.orgId)).toHaveLength(1);
    await expectJson(await b.browser.request("PUT", "/api/push/settings", { preview: "full" }));
    expect((await expectJson<PushState>(await a.browser.get("/api/push"))).preview).toBe("sender");
  });

  it("a browser subscribed by someone else moves to whoever subscribes it now", async () => {
    const a = await signUpOwner("Shared A");
    const b = await signUpOwner("Shared B");
    const { id: _id, ...sub } = await peerSubscription();
    await expectJson(await a.browser.post("/api/push/subscriptions", sub), 201);
    await expectJson(await b.browser.post("/api/push/subscriptions", sub), 201);
    expect(await devicesOf(a.orgId)).toEqual([]);
    expect((await devicesOf(b.orgId)).map((d) => d.userId)).toEqual([b.userId]);
  });

  it("signed out, nothing answers", async () => {
    const owner = await signUpOwner();
    await owner.browser.post("/api/auth/logout");
    await expectError(await owner.browser.get("/api/push"), 401, "session_missing");
  });
});
