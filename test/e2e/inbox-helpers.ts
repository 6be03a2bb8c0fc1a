/**
 * What the inbox browser tests share: signing agents in (the demo owner, and teammates invited through
 * the API and the invite page), customer messages as Meta's signed webhooks, socket instrumentation for
 * forced drops, and screenshots.
 */
import { randomInt } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { LOCAL_DEFAULTS } from "../peers/dev-vars";
import {
  DEMO_DISPLAY_PHONE_NUMBER,
  DEMO_PHONE_NUMBER_ID,
  inboundMessageBody,
  signedWebhook,
  unixSeconds,
  type InboundMessageInput,
} from "../peers/webhook-builders";
import { type AgentOptions, appUrl, newAgent, SHOTS } from "./browser";

/** Seeded by the local stack (scripts/lib/demo-seed.ts): the owner of the org that owns the demo number. */
export const DEMO_OWNER = { email: "demo@parley.local", password: "parley-demo-2026", name: "Dana Demo" };

/** How long live things may take to show up on a busy machine (a condition waited for, not a timing assertion). */
export const LIVE = { timeout: 60_000, interval: 100 } as const;

export interface Agent {
  context: BrowserContext;
  page: Page;
  name: string;
}

/** A customer number no other test uses (Portuguese mobile format). */
export const newCustomerNumber = (): string => `3519${String(randomInt(10_000_000, 99_999_999))}`;

/** Records every WebSocket the page opens, so a test can drop them (test-only; the app is unchanged). */
async function trackSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const open: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = open;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        open.push(this);
      }
    };
  });
}

export async function signIn(browser: Browser, options: AgentOptions = {}): Promise<Agent> {
  const { context, page } = await newAgent(browser, options);
  await trackSockets(context);
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO_OWNER.email);
  await page.getByLabel("Password").fill(DEMO_OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/inbox/);
  return { context, page, name: DEMO_OWNER.name };
}

/** Calls the API from inside a signed-in page, with its cookies and CSRF header, as the app would. */
export async function apiAs<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split("; ")
        .find((c) => c.startsWith("__Host-wa_csrf_token="))
        ?.split("=")[1];
      const res = await fetch(path, {
        method,
        headers: { "content-type": "application/json", ...(csrf && { "x-csrf-token": decodeURIComponent(csrf) }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  ) as Promise<T>;
}

/** A teammate: invited by the owner through the API, joining through the invite page in their own browser context. */
export async function inviteAgent(
  browser: Browser,
  owner: Page,
  name: string,
  options: { colorScheme?: "light" | "dark"; width?: number } = {},
): Promise<Agent> {
  const email = `agent-${Date.now()}-${randomInt(1000, 9999)}@example.test`;
  const { invite } = await apiAs<{ invite: { link: string } }>(owner, "POST", "/api/team/invites", { email, role: "agent" });
  const { context, page } = await newAgent(browser, options);
  await trackSockets(context);
  await page.goto(new URL(invite.link).pathname);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill("e2e-agent-password-1");
  await page.getByRole("button", { name: /^Join / }).click();
  await page.waitForURL(/\/inbox/);
  return { context, page, name };
}

/** A customer writes: Meta's signed webhook for one or more messages, exactly as Meta would post it. */
export async function customerWrites(from: string, name: string, message: InboundMessageInput | InboundMessageInput[]): Promise<void> {
  const body = inboundMessageBody({
    phoneNumberId: DEMO_PHONE_NUMBER_ID,
    displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
    from,
    name,
    message,
  });
  const { payload, headers } = signedWebhook(LOCAL_DEFAULTS.META_APP_SECRET, body);
  const res = await fetch(`${appUrl()}/webhooks/whatsapp`, { method: "POST", headers, body: payload });
  expect(res.status, await res.clone().text()).toBe(200);
}

export const text = (body: string, atMs?: number): InboundMessageInput => ({
  type: "text",
  text: { body },
  ...(atMs !== undefined && { timestamp: unixSeconds(atMs) }),
});

/** The list row for a customer, by the name shown. */
export const row = (page: Page, name: string) => page.locator(".conv-row", { hasText: name });

/** Bubbles in the open conversation whose text is exactly this. */
export const bubbles = (page: Page, body: string) => page.locator(".msg .msg-text", { hasText: body });

export async function openConversation(page: Page, name: string): Promise<void> {
  await row(page, name).click();
  await expect.poll(() => page.locator(".chat-name").textContent(), LIVE).toBe(name);
}

/** Closes every socket the page holds, as a dropped network or a proxy timeout would. */
export async function dropSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets;
    const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN);
    for (const ws of open) ws.close(4000, "test drop");
    return open.length;
  });
}

/** The list header's indicator (the chat header repeats it only while not live). */
export const connection = (page: Page) => page.locator(".conv-head [data-connection]").getAttribute("data-connection");

export async function shot(page: Page, name: string): Promise<void> {
  // Let transitions and lazy images settle so the picture is what an agent sees.
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, animations: "disabled" });
}
