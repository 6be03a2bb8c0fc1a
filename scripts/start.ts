/**
 * `npm start`: build the inbox, prepare local D1, seed the demo org, start the local Meta peer and
 * wrangler's dev server, then print where to go. No Cloudflare or Meta account needed.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { readDevVars } from "../test/peers/dev-vars";
import { DEMO_LOGIN } from "./lib/demo-seed";
import { startLocalStack } from "./lib/local-stack";
import { run } from "./lib/run";
import { generateVapidKeys } from "./lib/vapid-keys";

const PORT = Number(process.env.PORT ?? 8787);
const PEER_PORT = Number(process.env.META_PEER_PORT ?? 8788);
const MAIL_PORT = Number(process.env.MAIL_PEER_PORT ?? PEER_PORT + 1);
const STRIPE_PORT = Number(process.env.STRIPE_PEER_PORT ?? PEER_PORT + 2);

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example (local-only secrets).");
}
let devVars = readDevVars();
// A browser's push subscription is tied to the key it was made with: made once, kept in .dev.vars.
if (!devVars.VAPID_PUBLIC_KEY || !devVars.VAPID_PRIVATE_KEY) {
  const keys = generateVapidKeys();
  const kept = readFileSync(".dev.vars", "utf8").replace(/^VAPID_(PUBLIC|PRIVATE)_KEY=.*\n?/gm, "");
  writeFileSync(".dev.vars", `${kept.trimEnd()}\nVAPID_PUBLIC_KEY=${keys.VAPID_PUBLIC_KEY}\nVAPID_PRIVATE_KEY=${keys.VAPID_PRIVATE_KEY}\n`);
  console.log("Added a fresh VAPID key pair (Web Push) to .dev.vars.");
  devVars = readDevVars();
}
const need = (name: string) => {
  const v = process.env[name] ?? devVars[name];
  if (!v) throw new Error(`${name} is missing from .dev.vars; see .dev.vars.example`);
  return v;
};

// A real provider only when asked for; otherwise the local stand-in answers and nothing leaves the machine.
const OPENAI_BASE_URL = process.env.OPENAI_BASE_URL ?? devVars.OPENAI_BASE_URL;
const AI_MODEL = process.env.AI_MODEL ?? devVars.AI_MODEL;

console.log("Building the inbox (web/)…");
await run("vite", ["build", "web", "--logLevel", "warn"]);

console.log("Preparing local D1 and starting the dev server…");
const stack = await startLocalStack({
  port: PORT,
  peerPort: PEER_PORT,
  mailPort: MAIL_PORT,
  stripePort: STRIPE_PORT,
  persistTo: ".wrangler/state",
  vars: {
    META_APP_SECRET: need("META_APP_SECRET"),
    META_ACCESS_TOKEN: need("META_ACCESS_TOKEN"),
    ENCRYPTION_KEY: need("ENCRYPTION_KEY"),
    META_VERIFY_TOKEN: need("META_VERIFY_TOKEN"),
    JWT_KEYS: need("JWT_KEYS"),
    PASSWORD_PEPPER: need("PASSWORD_PEPPER"),
    VAPID_PUBLIC_KEY: need("VAPID_PUBLIC_KEY"),
    VAPID_PRIVATE_KEY: need("VAPID_PRIVATE_KEY"),
    DEV_TOOLS: process.env.DEV_TOOLS ?? devVars.DEV_TOOLS ?? "0",
    OPENAI_API_KEY: process.env.OPENAI_API_KEY ?? devVars.OPENAI_API_KEY ?? "local-openai-key",
    ...(AI_MODEL && { AI_MODEL }),
  },
  ...(OPENAI_BASE_URL && { openaiBaseUrl: OPENAI_BASE_URL }),
  openaiPeerPort: Number(process.env.OPENAI_PEER_PORT ?? PEER_PORT + 3),
  seedConversations: true,
  demoAi: true,
  demoAutomation: true,
  demoWebhookPort: Number(process.env.WEBHOOK_PEER_PORT ?? PEER_PORT + 4),
});

console.log(`
  Parley is running:        ${stack.url}
  Sign in as:               ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}   (the demo organization's owner)
  Meta Graph API (local):   ${stack.peer.url}
  Mailbox (local email):    ${stack.mail.url}/   (invites, password resets and the rest land here)
  Stripe (local):           ${stack.stripe.url}   (Billing's Checkout and Portal; card 4242… always pays)
  AI answers:               ${stack.openai ? `the local stand-in at ${stack.openai.url} (no provider account; canned, deterministic answers)` : stack.openaiBaseUrl}
                            AI assist is on for the demo org (Settings → AI); a new org starts with it off
  Webhook URL:              ${stack.url}/webhooks/whatsapp   (verify token: ${need("META_VERIFY_TOKEN")})
  Outgoing webhooks:        ${stack.webhooks?.origin}/__control/posts   (what the demo endpoint received; Settings → Integrations)

  Send a customer message:  npm run simulate -- --from 351911111111 --name "Ana" --text "Olá!"
  Stop:                     Ctrl+C
`);

const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
