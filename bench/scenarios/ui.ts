/**
 * UI: the inbox's JavaScript as shipped (gzip), and in Chromium, with 10,000 conversations in the org
 * and one of them 5,000 messages long: the time from navigating to /inbox until the first rows show,
 * and from clicking that conversation until its newest message shows. Each sample runs in a fresh
 * browser context (empty cache and storage), so "cold" is what an agent opening the app sees.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { inboundMessageBody } from "../../test/peers/webhook-builders";
import { apiGet } from "../lib/accounts";
import { latency, now, type Latency } from "../lib/live-figures";
import { conversationIds, firstMessages, liveCustomers, NUMBER, postWebhook, startLiveStack, type LiveStack } from "../lib/live-stack";
import { CpuMeter, type CpuShare } from "../lib/process-cpu";
import { PORTS, type BenchContext } from "../lib/scenario";
import { settle, type Settled } from "../lib/settle";
import { buildAndMeasure, type BundleSizes } from "../lib/web-bundle";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];
const CONVERSATIONS = 10_000;
const LONG_CONVERSATION = 5_000;
const BATCH = 50;
const SAMPLES = 5;
/**
 * Agents are not on loopback: the same samples again with this much latency added to every request
 * (Chromium's network emulation), where each request the page waits on in turn costs a round trip.
 */
const REMOTE_RTT_MS = 50;
const REMOTE_SAMPLES = 3;
const WAIT_MS = 30_000;
/** A token per message that no other message's text contains ("<499>" is not inside "<4999>"). */
const token = (i: number) => `<${i}>`;

export interface UiResult {
  bundle: BundleSizes;
  /** gzip KiB of the JS files the browser fetched to show /inbox and open a conversation. */
  inboxRouteJsGzipKiB: number | null;
  conversations: number;
  messagesInOpened: number;
  /** Navigation start → first conversation rows on screen (fresh context each time). */
  showInboxMs: Latency;
  /** Click → the conversation's newest message on screen, nothing cached. */
  openConversationMs: Latency;
  /** The same click again after visiting another conversation (the tab's copy shows first). */
  reopenConversationMs: Latency;
  /** The same, with `rttMs` of latency added to every request. */
  remote: { rttMs: number; showInboxMs: Latency; openConversationMs: Latency };
  /** The wait for the runtime to go quiet after seeding, before the first sample. */
  settled: Settled;
  /** CPU over the samples: workerd, (no load clients), the bench with Chromium, and anything else. */
  cpu: CpuShare | null;
  /** What those screens wait for: the list page and the history page, timed from Node. */
  apiMs: { listPage: Latency; historyPage: Latency };
  failures: string[];
}

interface BenchWindow {
  __bench: { marks: Record<string, number>; target: string | null; clickAt: number };
}

/**
 * Runs in the page from its first script: notes the frame in which each awaited thing is in the DOM.
 * A string, not a function: tsx's transform adds helpers to functions that do not exist in the page.
 */
const TIMING_SCRIPT = `
  window.__bench = { marks: {}, target: null, clickAt: 0 };
  const tick = () => {
    const b = window.__bench;
    if (!("list" in b.marks) && document.querySelector('[data-conversation-id], a[href^="/inbox/"]')) b.marks.list = performance.now();
    if (b.target && !("open" in b.marks) && document.querySelector('[role="log"]')?.textContent?.includes(b.target)) b.marks.open = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

export async function runUi(ctx: BenchContext): Promise<UiResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  ctx.log("ui: vite build web");
  const bundle = await buildAndMeasure();
  ctx.log(
    `ui: JS ${bundle.totalJsGzipKiB} KiB gzip in all, ${bundle.initialJsGzipKiB} KiB before the first route; starting a stack of its own`,
  );
  const stack = await startLiveStack(ctx);
  const failures: string[] = [];
  let browser: Browser | null = null;
  try {
    const conversations = Math.max(BATCH, Math.round(CONVERSATIONS / ctx.scale));
    const long = Math.max(BATCH, Math.round(LONG_CONVERSATION / ctx.scale));
    ctx.log(`ui: seeding ${conversations} conversations (POSTs of ${BATCH}) and one of ${long} messages`);
    await firstMessages(stack, liveCustomers(6, conversations), 4);
    const [longWaId] = liveCustomers(7, 1) as [string];
    ctx.log(`ui: ${conversations} conversations stored; now the long one`);
    // Meta's timestamps are whole seconds and the list breaks ties by id: in the same second as the last
    // of the others, the long conversation could sort below them (it did in --quick runs).
    await new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)));
    await longConversation(stack, longWaId, long);
    const longId = (await conversationIds(stack, new Set([longWaId]))).get(longWaId)!;
    const apiMs = await apiTimes(stack, longId);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // Seeding 10,000 conversations leaves the runtime busy for seconds after its last answer (without
    // this wait "show the inbox" ranged 400–960 ms between runs of the same code).
    const settled = await settle(PORTS.parley);
    ctx.log(`ui: runtime ${settled.quiet ? "quiet" : "still busy"} after ${settled.waitedMs} ms; sampling`);
    const show: number[] = [];
    const open: number[] = [];
    const reopen: number[] = [];
    let routeJs: number | null = null;
    const meter = CpuMeter.start(new Set());
    for (let i = 0; i < SAMPLES; i++) {
      const sample = await measureOnce(browser, stack, longId, long, bundle, failures);
      show.push(sample.showMs);
      if (sample.openMs !== null) open.push(sample.openMs);
      if (sample.reopenMs !== null) reopen.push(sample.reopenMs);
      routeJs ??= sample.routeJsGzipKiB;
      ctx.log(
        `ui sample ${i + 1}: inbox shown ${sample.showMs} ms, conversation opened ${sample.openMs} ms, reopened ${sample.reopenMs} ms`,
      );
    }
    const cpu = meter?.stop() ?? null;
    const remoteShow: number[] = [];
    const remoteOpen: number[] = [];
    for (let i = 0; i < REMOTE_SAMPLES; i++) {
      const sample = await measureOnce(browser, stack, longId, long, bundle, failures, REMOTE_RTT_MS);
      remoteShow.push(sample.showMs);
      if (sample.openMs !== null) remoteOpen.push(sample.openMs);
      ctx.log(`ui sample at ${REMOTE_RTT_MS} ms RTT ${i + 1}: inbox shown ${sample.showMs} ms, conversation opened ${sample.openMs} ms`);
    }
    return {
      bundle,
      inboxRouteJsGzipKiB: routeJs,
      conversations: conversations + 1,
      messagesInOpened: long,
      showInboxMs: latency(show),
      openConversationMs: latency(open),
      reopenConversationMs: latency(reopen),
      remote: { rttMs: REMOTE_RTT_MS, showInboxMs: latency(remoteShow), openConversationMs: latency(remoteOpen) },
      settled,
      cpu,
      apiMs,
      failures,
    };
  } finally {
    await browser?.close();
    await stack.server.stop();
  }
}

/** One customer's messages, 50 per POST in order; sent last, so theirs is the newest conversation. */
async function longConversation(stack: LiveStack, waId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += BATCH) {
    const message = Array.from({ length: Math.min(BATCH, count - i) }, (_, k) => ({
      id: `wamid.bench-ui-${waId}-${i + k}`,
      type: "text" as const,
      text: { body: `ui message ${token(i + k)}` },
    }));
    const answer = await postWebhook(stack, inboundMessageBody({ ...NUMBER, from: waId, name: "Bench Long Conversation", message }));
    if (answer.stored + answer.duplicates !== message.length) throw new Error(`ui: a POST of ${message.length} stored ${answer.stored}`);
  }
}

async function apiTimes(stack: LiveStack, conversationId: string): Promise<UiResult["apiMs"]> {
  const time = async (path: string) => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = now();
      await apiGet(stack.url, stack.owner, path);
      samples.push(now() - t0);
    }
    return latency(samples);
  };
  return {
    listPage: await time("/api/conversations?limit=50"),
    historyPage: await time(`/api/conversations/${conversationId}/messages?limit=50`),
  };
}

async function measureOnce(
  browser: Browser,
  stack: LiveStack,
  longId: string,
  long: number,
  bundle: BundleSizes,
  failures: string[],
  rttMs = 0,
): Promise<{ showMs: number; openMs: number | null; reopenMs: number | null; routeJsGzipKiB: number }> {
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 800 } });
  // The owner's session from the API sign-in, so the app boots straight into the inbox. `__Host-`
  // cookies take no Domain attribute; the protocol wants one anyway and stores them host-only.
  const host = new URL(stack.url).hostname;
  await context.addCookies(
    stack.owner.cookie.split("; ").map((kv) => {
      const name = kv.slice(0, kv.indexOf("="));
      return {
        name,
        value: kv.slice(kv.indexOf("=") + 1),
        domain: host,
        path: "/",
        secure: true,
        httpOnly: name === "__Host-token",
        sameSite: "Lax" as const,
      };
    }),
  );
  await context.addInitScript({ content: TIMING_SCRIPT });
  const page = await context.newPage();
  page.on("pageerror", (err) => failures.push(`ui: page error: ${err.message}`));
  if (rttMs) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: rttMs, downloadThroughput: -1, uploadThroughput: -1 });
  }
  try {
    await page.goto("/inbox", { waitUntil: "commit" });
    const showMs = await mark(page, "list").catch(async (err: unknown) => {
      const text = (await page.textContent("body").catch(() => ""))?.replace(/\s+/g, " ").slice(0, 300);
      throw new Error(`the inbox never showed a conversation row (page at ${page.url()}, showing "${text}"): ${String(err)}`);
    });
    const rows = await page.$$eval("[data-conversation-id]", (els) => els.map((e) => e.getAttribute("data-conversation-id") ?? ""));
    if (rows[0] !== longId) failures.push(`ui: the newest conversation is not the first row (first: ${rows[0] ?? "none"})`);
    if (new Set(rows).size !== rows.length) failures.push(`ui: the list shows a conversation twice`);

    // The rows show while the rest of the start is still loading (the inbox socket, its catch-up page,
    // the team list): the click waits for that, so "open" times opening, not the start it would overlap.
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
    const openMs = await openAndTime(page, longId, token(long - 1));
    if (openMs !== null) await checkHistory(page, long, failures);
    const other = rows.find((id) => id !== longId);
    let reopenMs: number | null = null;
    if (other) {
      await page.evaluate((id) => document.querySelector<HTMLElement>(`[data-conversation-id="${id}"]`)?.click(), other);
      await page.waitForFunction((id) => location.pathname.endsWith(encodeURIComponent(id)), other, { timeout: WAIT_MS });
      await page.waitForTimeout(300);
      reopenMs = await openAndTime(page, longId, token(long - 1));
    }
    const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
    const routeJs = fetched.reduce((a, p) => a + (bundle.jsGzip[p] ?? 0), 0);
    return { showMs, openMs, reopenMs, routeJsGzipKiB: Math.round((routeJs / 1024) * 10) / 10 };
  } finally {
    await context.close();
  }
}

/** Clicks the conversation's row (as an agent does) and times until `target` is on screen. */
async function openAndTime(page: Page, conversationId: string, target: string): Promise<number | null> {
  await page.evaluate(
    ({ id, target }) => {
      const b = (window as unknown as BenchWindow).__bench;
      delete b.marks.open;
      b.target = target;
      b.clickAt = performance.now();
      document.querySelector<HTMLElement>(`[data-conversation-id="${id}"], a[href="/inbox/${encodeURIComponent(id)}"]`)?.click();
    },
    { id: conversationId, target },
  );
  const at = await mark(page, "open");
  const clickAt = await page.evaluate(() => (window as unknown as BenchWindow).__bench.clickAt);
  return Math.round((at - clickAt) * 10) / 10;
}

async function mark(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => (window as unknown as BenchWindow).__bench.marks[n], name, {
    timeout: WAIT_MS,
    polling: 50,
  });
  return Math.round(Number(await handle.jsonValue()) * 10) / 10;
}

/** The newest messages, each once and in order, at the end of the log. */
async function checkHistory(page: Page, long: number, failures: string[]): Promise<void> {
  const text = (await page.textContent('[role="log"]')) ?? "";
  const expected = Array.from({ length: 20 }, (_, k) => token(long - 20 + k));
  const positions = expected.map((t) => text.indexOf(t));
  const repeated = expected.filter((t) => text.indexOf(t) !== text.lastIndexOf(t));
  if (positions.some((p) => p < 0)) failures.push(`ui: the opened conversation lacks some of its newest messages`);
  else if (positions.some((p, i) => i > 0 && p < positions[i - 1]!)) failures.push(`ui: the newest messages show out of order`);
  if (repeated.length) failures.push(`ui: ${repeated.length} messages show twice`);
}
