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
  keepDiagnostics(page);
  return { context, page };
}

export async function restartServer(): Promise<void> {
  const res = await fetch(`${inject("e2eControlUrl")}/restart`, { method: "POST" });
  if (!res.ok) throw new Error(`restart failed: ${await res.text()}`);
}

/** Every open page with what it said lately (console, failed requests, navigations), for failure reports. */
const watched = new Map<Page, string[]>();

function keepDiagnostics(page: Page): void {
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (lines.length > 200) lines.shift();
  };
  watched.set(page, lines);
  page.on("close", () => watched.delete(page));
  page.on("console", (m) => keep(`console.${m.type()}: ${m.text()}`));
  page.on("requestfailed", (r) => keep(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("framenavigated", (f) => f === page.mainFrame() && keep(`navigated: ${f.url()}`));
}

/**
 * When a browser test fails, each open page's recent console, failed requests and visible text are
 * printed, with a screenshot: a failure seen once in a full CI run is then read from its log, not guessed
 * at (test/e2e/setup.ts calls this for every failed test).
 */
export async function reportPages(testName: string): Promise<void> {
  let n = 0;
  for (const [page, lines] of watched) {
    if (page.isClosed()) continue;
    const name = `failed-${testName.replace(/[^a-z0-9]+/gi, "-").slice(0, 50)}-${++n}`;
    await page.screenshot({ path: `${SHOTS}/${name}.png` }).catch(() => {});
    const text = await page
      // biome-ignore lint/performance/useDomNodeTextContent: what a person sees (innerText skips hidden nodes) is the point here.
      .evaluate(() => document.body?.innerText.slice(0, 1200) ?? "")
      .catch((err: unknown) => `(page text unavailable: ${String(err)})`);
    console.error(`\n--- page ${n} at ${page.url()} (screenshot ${SHOTS}/${name}.png)\n${lines.join("\n")}\n--- its text:\n${text}\n---`);
  }
}
