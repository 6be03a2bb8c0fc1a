/**
 * The browser the tests drive through playwright-core: CHROMIUM_PATH, else the system's chromium, else
 * the binary the npm devDependency @sparticuz/chromium ships (scripts/lib/find-chromium.ts). The global
 * setup picks it once; with none to be had the run fails there, never skips, and says how to fix it.
 */
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";
import { CHROMIUM_ARGS } from "../../scripts/lib/find-chromium";

export const SHOTS = "test/e2e/screenshots";

export async function launch(): Promise<Browser> {
  const choice = inject("chromium");
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: choice.executablePath,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...choice.env } as Record<string, string>,
  });
}

export const appUrl = () => inject("e2eUrl");
export const peerUrl = () => inject("e2ePeerUrl");
export const mailboxUrl = () => inject("e2eMailUrl");
export const stripePeerUrl = () => inject("e2eStripeUrl");
export const openAiPeerUrl = () => inject("e2eOpenAiUrl");

export interface AgentOptions {
  colorScheme?: "light" | "dark";
  width?: number;
  touch?: boolean;
}

export async function newAgent(browser: Browser, options: AgentOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: appUrl(),
    colorScheme: options.colorScheme ?? "light",
    viewport: { width: options.width ?? 1280, height: 800 },
    // A phone: touch events, no hover, the mobile viewport.
    ...(options.touch && { hasTouch: true, isMobile: true }),
  });
  // Generous: CI runs this on 2 shared cores, where a cold Durable Object or a build can take seconds.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error("page error:", err.message));
  return { context, page };
}

export async function restartServer(): Promise<void> {
  const res = await fetch(`${inject("e2eControlUrl")}/restart`, { method: "POST" });
  if (!res.ok) throw new Error(`restart failed: ${await res.text()}`);
}
