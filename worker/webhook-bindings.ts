/**
 * What the webhook path may touch, as values so that the webhook-only Worker's config can be checked
 * against them (test/scripts/wrangler-configs.test.ts) and as the type its route is compiled against
 * (`WebhookBindings` in routes/webhooks.ts): one list for both.
 */
export const WEBHOOK_RESOURCES = ["DB", "CONVERSATION_ROOM", "ORG_INBOX", "JOBS"] as const;
/** Set with `wrangler secret put … --config wrangler.hooks.toml` (README: Deploying). */
export const WEBHOOK_SECRETS = ["META_APP_SECRET", "META_VERIFY_TOKEN"] as const;
