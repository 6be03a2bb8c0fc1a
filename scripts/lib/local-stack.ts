/**
 * The whole product on one machine, no accounts: local D1 with migrations, the demo org, the local Meta
 * Graph and mail peers, the local OpenAI-compatible peer (unless a real AI endpoint is given), and
 * wrangler's dev server (workerd) with Durable Objects, Queues and R2. Used by
 * `npm start` and by the benchmarks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_EMAIL_API_KEY, startMailPeer, type MailPeer } from "../../test/peers/mail";
import { startMetaGraphPeer, type MetaGraphPeer } from "../../test/peers/meta-graph";
import { LOCAL_STRIPE, startStripePeer, type StripePeer } from "../../test/peers/stripe";
import { startOpenAiPeer, type OpenAiPeer } from "../../test/peers/openai";
import { demoPurchasesSql } from "./demo-purchases";
import { demoAnalyticsSql } from "./demo-analytics";
import { DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";
import { DEMO_ORG_ID, demoOrgSql, seedDemoConversations } from "./demo-seed";
import { demoIntegrationsSql } from "./demo-integrations";
import { startWebhookReceiver, type WebhookReceiver } from "../../test/peers/webhook-receiver";
import { run, waitForHttp } from "./run";
import { startWebPushPeer, type WebPushPeer } from "../../test/peers/web-push";
import { generateVapidKeys } from "./vapid-keys";

/** The push services browsers use (wrangler.toml's PUSH_ENDPOINT_ORIGINS). */
const PUSH_SERVICES =
  "https://fcm.googleapis.com,https://updates.push.services.mozilla.com,https://web.push.apple.com,https://*.notify.windows.com";

export interface LocalStackOptions {
  port: number;
  peerPort: number;
  /** The mail peer's port; default `peerPort + 1`. */
  mailPort?: number;
  /** The Stripe peer's port; default `peerPort + 2`. */
  stripePort?: number;
  /** Where wrangler keeps local D1/DO/R2 state. */
  persistTo: string;
  /** Secrets for the Worker; passed as --var so no .dev.vars is needed (CI, benchmarks). */
  vars: { META_APP_SECRET: string; META_ACCESS_TOKEN: string; ENCRYPTION_KEY: string; META_VERIFY_TOKEN: string } & Record<string, string>;
  seedConversations?: boolean;
  /** A real OpenAI-compatible endpoint; without it the local peer answers (on `openaiPeerPort`, 0 = any). */
  openaiBaseUrl?: string;
  openaiPeerPort?: number;
  /** The local push service's port (0 = any); VAPID keys come from `vars` or are made for this run. */
  pushPeerPort?: number;
  /** Switch AI on for the demo org, with its knowledge base (npm start). */
  demoAi?: boolean;
  /** Example automation rules and business hours for the demo org (npm start). */
  demoAutomation?: boolean;
  /** A local receiver for outgoing webhooks on this port, with a demo endpoint pointing at it (npm start). */
  demoWebhookPort?: number;
  /** Quiet: no request logging (benchmarks). */
  quiet?: boolean;
}

export interface LocalStack {
  url: string;
  peer: MetaGraphPeer;
  /** The local email API; its mailbox page is `mail.url`. */
  mail: MailPeer;
  /** The local Stripe: hosted Checkout and Portal pages, signed webhooks to this stack. */
  stripe: StripePeer;
  /** The local AI stand-in, or null when a real endpoint was given. */
  openai: OpenAiPeer | null;
  openaiBaseUrl: string;
  /** The local Web Push service: it decrypts and records what Parley sends to its subscriptions. */
  push: WebPushPeer;
  /** The demo's webhook receiver (`demoWebhookPort`), or null. */
  webhooks: WebhookReceiver | null;
  /** Stops and starts the dev server (state kept): what a deploy or a crash looks like to open tabs. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `demo.ai`: the demo org with AI switched on; `demo.purchases`: the demo's order history too (`npm start`;
 * browser tests and benchmarks start without it).
 */
export async function prepareDatabase(
  persistTo: string,
  vars: LocalStackOptions["vars"],
  quiet = false,
  demo: { ai?: boolean; automation?: boolean; purchases?: boolean; webhookReceiverUrl?: string } = {},
): Promise<void> {
  await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    quiet,
    env: { ...process.env, CI: "1" },
  });
  const sql = [
    await demoOrgSql(vars, { ai: demo.ai ?? false, automation: demo.automation ?? false }),
    ...(demo.purchases ? [...demoPurchasesSql(DEMO_ORG_ID), ...demoAnalyticsSql(DEMO_ORG_ID, DEMO_PHONE_NUMBER_ID, "usr_demo")] : []),
    ...(demo.webhookReceiverUrl ? await demoIntegrationsSql(DEMO_ORG_ID, vars.ENCRYPTION_KEY, demo.webhookReceiverUrl) : []),
  ].join("\n");
  // As a file: the demo's history outgrew Linux's 128 KB limit on one command-line argument (spawn E2BIG).
  mkdirSync(persistTo, { recursive: true });
  const file = join(persistTo, "demo-seed.sql");
  writeFileSync(file, sql);
  try {
    await run("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], { quiet: true });
  } finally {
    rmSync(file, { force: true });
  }
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const url = `http://127.0.0.1:${options.port}`;
  const webhooks =
    options.demoWebhookPort === undefined
      ? null
      : await startWebhookReceiver({ port: options.demoWebhookPort, control: true, log: !options.quiet });
  await prepareDatabase(options.persistTo, options.vars, options.quiet, {
    ai: options.demoAi,
    automation: options.demoAutomation,
    purchases: options.seedConversations,
    ...(webhooks && { webhookReceiverUrl: webhooks.origin }),
  });
  const peer = await startMetaGraphPeer({
    port: options.peerPort,
    accessToken: options.vars.META_ACCESS_TOKEN,
    appSecret: options.vars.META_APP_SECRET,
    webhookUrl: `${url}/webhooks/whatsapp`,
    control: true,
  });
  const emailApiKey = options.vars.EMAIL_API_KEY ?? LOCAL_EMAIL_API_KEY;
  const mail = await startMailPeer({ port: options.mailPort ?? options.peerPort + 1, apiKey: emailApiKey, log: !options.quiet });
  const stripeKeys = {
    secretKey: options.vars.STRIPE_SECRET_KEY ?? LOCAL_STRIPE.secretKey,
    webhookSecret: options.vars.STRIPE_WEBHOOK_SECRET ?? LOCAL_STRIPE.webhookSecret,
    connectWebhookSecret: options.vars.STRIPE_CONNECT_WEBHOOK_SECRET ?? LOCAL_STRIPE.connectWebhookSecret,
  };
  const stripe = await startStripePeer({
    port: options.stripePort ?? options.peerPort + 2,
    ...stripeKeys,
    webhookUrl: `${url}/webhooks/stripe`,
    connectWebhookUrl: `${url}/webhooks/stripe-connect`,
    log: !options.quiet,
  });
  const openaiKey = options.vars.OPENAI_API_KEY ?? "local-openai-key";
  const openai = options.openaiBaseUrl
    ? null
    : await startOpenAiPeer({ port: options.openaiPeerPort ?? 0, apiKey: openaiKey, control: true, log: !options.quiet });
  const openaiBaseUrl = options.openaiBaseUrl ?? openai!.url;
  const vapid =
    options.vars.VAPID_PUBLIC_KEY && options.vars.VAPID_PRIVATE_KEY
      ? { VAPID_PUBLIC_KEY: options.vars.VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: options.vars.VAPID_PRIVATE_KEY }
      : generateVapidKeys();
  const push = await startWebPushPeer({ port: options.pushPeerPort ?? 0, vapidPublicKey: vapid.VAPID_PUBLIC_KEY, log: !options.quiet });
  // Browsers' real push services stay allowed (a real Chrome's subscription is kept), plus the local one.
  const pushOrigins = `${PUSH_SERVICES},${push.url}`;
  const args = [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--persist-to",
    options.persistTo,
    "--show-interactive-dev-session=false",
    "--var",
    `GRAPH_API_BASE:${peer.url}`,
    "--var",
    `EMAIL_API_BASE:${mail.url}`,
    "--var",
    `EMAIL_API_KEY:${emailApiKey}`,
    "--var",
    `STRIPE_API_BASE:${stripe.url}`,
    "--var",
    `STRIPE_SECRET_KEY:${stripeKeys.secretKey}`,
    "--var",
    `STRIPE_WEBHOOK_SECRET:${stripeKeys.webhookSecret}`,
    "--var",
    `STRIPE_CONNECT_WEBHOOK_SECRET:${stripeKeys.connectWebhookSecret}`,
    "--var",
    `APP_ORIGIN:${url}`,
    // Locally the app Worker takes the webhooks itself, whatever a deploy wrote into wrangler.toml.
    "--var",
    "WEBHOOK_ORIGIN:",
    "--var",
    `OPENAI_BASE_URL:${openaiBaseUrl}`,
    "--var",
    `OPENAI_API_KEY:${openaiKey}`,
    "--var",
    `VAPID_PUBLIC_KEY:${vapid.VAPID_PUBLIC_KEY}`,
    "--var",
    `VAPID_PRIVATE_KEY:${vapid.VAPID_PRIVATE_KEY}`,
    "--var",
    `PUSH_ENDPOINT_ORIGINS:${pushOrigins}`,
    // Outgoing webhooks may target this machine's own receivers (never in production: wrangler.toml).
    "--var",
    "WEBHOOK_ALLOW_PRIVATE_URLS:1",
    ...Object.entries(options.vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ...(options.quiet ? ["--log-level", "warn"] : []),
  ];
  let wrangler: ChildProcess;
  const launch = async () => {
    wrangler = spawn("wrangler", args, {
      stdio: options.quiet ? ["ignore", "ignore", "inherit"] : ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...options.vars },
    });
    const exited = new Promise<never>((_, reject) =>
      wrangler.once("exit", (code) => reject(new Error(`wrangler dev exited with ${code}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForHttp(`${url}/api/health`, 90_000), exited]);
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      if (wrangler.exitCode !== null) return resolve();
      wrangler.once("exit", () => resolve());
      wrangler.kill("SIGTERM");
    });
  try {
    await launch();
    if (options.seedConversations) await seedDemoConversations(url, options.vars.META_APP_SECRET);
  } catch (err) {
    await kill().catch(() => undefined);
    await peer.close();
    await mail.close();
    await stripe.close();
    await openai?.close();
    await push.close();
    await webhooks?.close();
    throw err;
  }
  return {
    url,
    peer,
    mail,
    stripe,
    openai,
    openaiBaseUrl,
    push,
    webhooks,
    async restartWorker() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      await peer.close();
      await mail.close();
      await stripe.close();
      await openai?.close();
      await push.close();
      await webhooks?.close();
    },
  };
}
