/** Response schemas of integrations: API keys, their request log, webhook endpoints and deliveries. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { apiKeys, apiRequests, webhookDeliveries, webhookEndpoints } from "../../../db/tables/integrations";
import { API_SCOPES, WEBHOOK_EVENTS } from "../../integrations/catalog";

const keyOut = createSelectSchema(apiKeys, { scopes: z.array(z.enum(API_SCOPES)) })
  .omit({ hash: true, orgId: true })
  .strict();
export const keysOut = z.strictObject({ keys: z.array(keyOut) });
export const keyOneOut = z.strictObject({ key: keyOut });
export const keyCreatedOut = z.strictObject({
  key: keyOut,
  secret: z.string().describe("The key itself. Shown this once: Parley keeps only its hash."),
});
export const apiRequestsOut = z.strictObject({
  requests: z.array(createSelectSchema(apiRequests).omit({ orgId: true }).strict()),
});

const endpointOut = createSelectSchema(webhookEndpoints, { events: z.array(z.enum(WEBHOOK_EVENTS)) })
  .omit({ orgId: true, secretSealed: true })
  .strict();
export const endpointsOut = z.strictObject({ endpoints: z.array(endpointOut) });
export const endpointOneOut = z.strictObject({ endpoint: endpointOut });
export const endpointSecretOut = z.strictObject({
  endpoint: endpointOut,
  secret: z.string().describe("The signing secret (`whsec_…`). Shown this once; rotate it to get a new one."),
});
export const endpointDeletedOut = z.strictObject({ deleted: z.boolean() });

const deliveryOut = createSelectSchema(webhookDeliveries).omit({ orgId: true, onceKey: true }).strict();
export const deliveriesOut = z.strictObject({ deliveries: z.array(deliveryOut) });
export const deliveryOneOut = z.strictObject({ delivery: deliveryOut });
