/** Integrations' bodies and queries: API keys and outgoing webhook endpoints. */
import { z } from "zod";
import { API_SCOPES, WEBHOOK_EVENTS } from "../integrations/catalog";

export const apiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  scopes: z.array(z.enum(API_SCOPES)).min(1, "Pick at least one scope.").max(API_SCOPES.length),
  /** Requests per minute this key may make; past it, 429 with Retry-After. */
  rateLimitPerMinute: z.number().int().min(1).max(6000).default(600),
});

/**
 * Where Parley posts: https only (http is refused, since a secret-bearing signature and customer data
 * travel in the body), at most 2,000 characters. Private and loopback hosts are checked separately
 * (worker/integrations/endpoint-url.ts), because local development needs them.
 */
export const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => URL.canParse(v), "Enter a full URL, e.g. https://example.com/parley-hooks.");

export const webhookEndpointBody = z.strictObject({
  url: webhookUrl,
  description: z.string().trim().max(200).default(""),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Subscribe to at least one event.").max(WEBHOOK_EVENTS.length),
});

export const webhookEndpointPatch = z
  .strictObject({
    url: webhookUrl.optional(),
    description: z.string().trim().max(200).optional(),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Subscribe to at least one event.").max(WEBHOOK_EVENTS.length).optional(),
    /** Switching an endpoint back on clears its failure streak. */
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Change at least one field.");

export const deliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const apiRequestsQuery = z.strictObject({
  keyId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
