/**
 * A push notification in a real Chromium: Parley encrypts it for a device (the local push service
 * decrypts it with that device's keys), the service worker receives exactly those bytes' plaintext
 * (delivered through DevTools, as a push service would: headless Chromium has no push service of its
 * own), shows it, and clicking it opens the conversation in the open tab. Also the settings screen in
 * light, dark and at phone width.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PushRecord } from "../peers/web-push";
import { appUrl, launch } from "./browser";
import { apiAs, customerWrites, LIVE, newCustomerNumber, shot, signIn, text } from "./inbox-helpers";

const pushUrl = () => inject("e2ePushUrl");

/** What the tests touch of the service worker's global scope (the DOM lib has no worker types). */
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  dispatchEvent(event: Event): boolean;
  NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
}

interface Shown {
  title: string;
  body: string;
  tag: string;
  data: { url: string } | null;
}

/** The service worker's registration id, from DevTools (it names the registration a push goes to). */
async function serviceWorkerSession(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; registrationId: string }> {
  const cdp = await context.newCDPSession(page);
  const ids: string[] = [];
  cdp.on(
    "ServiceWorker.workerRegistrationUpdated",
    (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
      for (const r of e.registrations) if (!r.isDeleted && r.scopeURL.startsWith(appUrl())) ids.push(r.registrationId);
    },
  );
  await cdp.send("ServiceWorker.enable");
  await expect.poll(() => ids.length, LIVE).toBeGreaterThan(0);
  return { cdp, registrationId: ids[0]! };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("push notifications", () => {
  it("a customer's message reaches the service worker encrypted, is shown, and clicking it opens the conversation", async () => {
    const agent = await signIn(browser);
    const { context, page } = agent;
    await context.grantPermissions(["notifications"], { origin: appUrl() });
    // The service worker registers on load; push needs it active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));

    // A device as the browser's PushSubscription.toJSON() gives it, made by the local push service.
    const { id: peerId, ...subscription } = (await (await fetch(`${pushUrl()}/__push/subscriptions`, { method: "POST" })).json()) as {
      id: string;
    };
    const { device } = await apiAs<{ device: { id: string } }>(page, "POST", "/api/push/subscriptions", subscription);
    await apiAs(page, "PUT", "/api/push/settings", { preview: "full" });
    try {
      const from = newCustomerNumber();
      await customerWrites(from, "Rosa Push", text("Is the green vase back in stock?"));
      let record: PushRecord | undefined;
      await expect
        .poll(async () => {
          const got = (await (await fetch(`${pushUrl()}/__push/messages?subscription=${peerId}`)).json()) as PushRecord[];
          record = got.find((r) => JSON.stringify(r.payload).includes("green vase"));
          return !!record;
        }, LIVE)
        .toBe(true);
      const payload = record!.payload as { conversationId: string; url: string };
      expect(record!.payload).toMatchObject({
        title: "Rosa Push",
        body: "Is the green vase back in stock?",
        url: `/inbox/${payload.conversationId}`,
      });

      // The decrypted text goes to this browser's service worker as the push message.
      const { cdp, registrationId } = await serviceWorkerSession(context, page);
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: appUrl(), registrationId, data: record!.text });
      let shown: Shown[] = [];
      await expect
        .poll(async () => {
          shown = await worker.evaluate(async () =>
            (await (self as unknown as WorkerScope).registration.getNotifications()).map((n) => ({
              title: n.title,
              body: n.body,
              tag: n.tag,
              data: n.data as { url: string } | null,
            })),
          );
          return shown.length;
        }, LIVE)
        .toBeGreaterThan(0);
      expect(shown[0]).toEqual({
        title: "Rosa Push",
        body: "Is the green vase back in stock?",
        tag: `conversation:${payload.conversationId}`,
        data: { url: payload.url },
      });

      // Clicking it (headless has no notification centre to click in: the click event is dispatched to the worker).
      await page.goto("/settings/notifications");
      await worker.evaluate(async () => {
        const scope = self as unknown as WorkerScope;
        const [n] = await scope.registration.getNotifications();
        scope.dispatchEvent(new scope.NotificationEvent("notificationclick", { notification: n! }));
      });
      await page.waitForURL(new RegExp(`/inbox/${payload.conversationId}$`));
      await expect.poll(() => page.locator(".chat-name").textContent(), LIVE).toBe("Rosa Push");
      expect(await worker.evaluate(async () => (await (self as unknown as WorkerScope).registration.getNotifications()).length)).toBe(0);
    } finally {
      // Left in place, every later test's webhook would notify this device (and show "full" previews).
      await page.goto("/settings/notifications");
      await page.evaluate(async (id) => {
        const csrf = decodeURIComponent(
          document.cookie
            .split("; ")
            .find((c) => c.startsWith("__Host-wa_csrf_token="))
            ?.split("=")[1] ?? "",
        );
        const headers = { "content-type": "application/json", "x-csrf-token": csrf };
        await fetch(`/api/push/subscriptions/${id}`, { method: "DELETE", headers });
        await fetch("/api/push/settings", { method: "PUT", headers, body: JSON.stringify({ preview: "sender" }) });
      }, device.id);
      await context.close();
    }
  });

  it("Settings → Notifications in light, dark and at phone width", async () => {
    for (const [name, options] of [
      ["push-settings-light", { colorScheme: "light" as const }],
      ["push-settings-dark", { colorScheme: "dark" as const }],
      ["push-settings-phone", { width: 390, touch: true }],
    ] as const) {
      const { context, page } = await signIn(browser, options);
      await page.goto("/settings/notifications");
      await expect.poll(() => page.locator("#push-mention").isChecked(), LIVE).toBe(true);
      await expect.poll(() => page.locator('input[name="push-preview"][value="sender"]').isChecked(), LIVE).toBe(true);
      await page.getByText(/This device: off/).waitFor();
      await shot(page, name);
      await context.close();
    }
  });
});
