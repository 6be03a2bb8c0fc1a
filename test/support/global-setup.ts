/**
 * Starts the local peers once for the workerd tests: the Meta Graph API, the email API, Stripe, an
 * OpenAI-compatible endpoint, a Web Push service and a receiver standing in for an org's webhook
 * endpoint. The Worker reaches them through GRAPH_API_BASE, EMAIL_API_BASE,
 * STRIPE_API_BASE and OPENAI_BASE_URL, exactly as production reaches the real ones. The Stripe peer posts
 * no webhooks here (the Worker under test has no port): tests read its events and post them signed, as
 * Stripe would.
 */
import type { TestProject } from "vitest/node";
import { startMailPeer } from "../peers/mail";
import { startMetaGraphPeer } from "../peers/meta-graph";
import { startStripePeer } from "../peers/stripe";
import { startOpenAiPeer } from "../peers/openai";
import { startWebPushPeer } from "../peers/web-push";
import { generateVapidKeys } from "../../scripts/lib/vapid-keys";
import { startWebhookReceiver } from "../peers/webhook-receiver";
import { TEST_SECRETS } from "../../vitest.config";

export default async function setup(project: TestProject) {
  const peer = await startMetaGraphPeer({
    accessToken: TEST_SECRETS.META_ACCESS_TOKEN,
    appSecret: TEST_SECRETS.META_APP_SECRET,
    control: true,
  });
  const mail = await startMailPeer({ apiKey: TEST_SECRETS.EMAIL_API_KEY });
  const openai = await startOpenAiPeer({ apiKey: TEST_SECRETS.OPENAI_API_KEY, control: true });
  project.provide("metaPeerUrl", peer.url);
  const stripe = await startStripePeer({ secretKey: TEST_SECRETS.STRIPE_SECRET_KEY, webhookSecret: TEST_SECRETS.STRIPE_WEBHOOK_SECRET });
  project.provide("mailPeerUrl", mail.url);
  project.provide("stripePeerUrl", stripe.url);
  project.provide("openaiPeerUrl", openai.url);
  const vapid = generateVapidKeys();
  const push = await startWebPushPeer({ vapidPublicKey: vapid.VAPID_PUBLIC_KEY });
  project.provide("pushPeerUrl", push.url);
  project.provide("vapidPublicKey", vapid.VAPID_PUBLIC_KEY);
  project.provide("vapidPrivateKey", vapid.VAPID_PRIVATE_KEY);
  // A customer's endpoint for Parley's outgoing webhooks; tests read what arrived through its control routes.
  const receiver = await startWebhookReceiver({ control: true });
  project.provide("webhookReceiverUrl", receiver.origin);
  return async () => {
    await peer.close();
    await mail.close();
    await stripe.close();
    await openai.close();
    await push.close();
    await receiver.close();
  };
}
