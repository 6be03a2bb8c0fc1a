/**
 * Debian's Chromium, driven by playwright-core (never a downloaded browser). Missing Chromium is a
 * failure, not a skip: CI installs it, and a green run must mean the UI was really exercised.
 */
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SHOTS = "test/e2e/screenshots";

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps dialling Google on a closed network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

export const appUrl = () => inject("e2eUrl");
export const peerUrl = () => inject("e2ePeerUrl");

export async function newAgent(
  browser: Browser,
  options: { colorScheme?: "light" | "dark"; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: appUrl(),
    colorScheme: options.colorScheme ?? "light",
    viewport: { width: options.width ?? 1280, height: 800 },
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
