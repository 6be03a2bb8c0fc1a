/** Response schemas of products, orders, purchase history, reorders and the dashboard. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { orderEvents, orderLines, orders, products } from "../../../db/tables/commerce";
import { contactCommerceStats, contactProductHistory, reorderPredictions } from "../../../db/tables/purchase-history";
import type { Dashboard } from "../../analytics/dashboard-types";
import { deliveryAddressBody } from "../../schemas/commerce";
import type { Assert, Same } from "./assert";
import { messageOut } from "./inbox";

const productOut = createSelectSchema(products).omit({ orgId: true }).strict();
export const productListOut = z.strictObject({ products: z.array(productOut), total: z.int() });
export const productOneOut = z.strictObject({ product: productOut });
export const productImportOut = z.strictObject({ created: z.int(), updated: z.int() });

const orderOut = createSelectSchema(orders, { deliveryAddress: z.object(deliveryAddressBody.shape).strict().nullable() })
  .omit({ orgId: true })
  .strict();
const contactName = z.string().nullable().describe("The contact's name as the team sees it");
export const orderListOut = z.strictObject({
  orders: z.array(orderOut.extend({ contactName, lineCount: z.int() }).strict()),
  totals: z.array(z.strictObject({ currency: z.string(), count: z.int(), totalMinor: z.int() })).describe("Per currency, over every page"),
  count: z.int(),
});
export const orderDetailOut = z.strictObject({
  order: orderOut.extend({ contactName }).strict(),
  lines: z.array(createSelectSchema(orderLines).omit({ orgId: true }).strict()),
  history: z.array(createSelectSchema(orderEvents).omit({ orgId: true }).strict()),
});

const predictionOut = createSelectSchema(reorderPredictions).omit({ orgId: true });
export const purchaseHistoryOut = z.strictObject({
  stats: z.array(
    createSelectSchema(contactCommerceStats).omit({ orgId: true, contactId: true }).extend({ averageOrderMinor: z.int() }).strict(),
  ),
  products: z.array(
    createSelectSchema(contactProductHistory, { purchases: z.array(z.strictObject({ at: z.int(), quantity: z.number() })) })
      .omit({ orgId: true, contactId: true })
      .extend({ name: z.string(), sku: z.string().nullable(), unit: z.string().nullable() })
      .strict(),
  ),
  predictions: z.array(
    predictionOut.omit({ contactId: true }).extend({ productName: z.string().nullable(), explanation: z.string() }).strict(),
  ),
  orders: z.array(orderOut),
});
export const dueOut = z.strictObject({
  due: z.array(
    predictionOut
      .extend({
        productName: z.string(),
        contactName,
        conversationId: z.string().nullable(),
        overdue: z.boolean(),
        explanation: z.string(),
      })
      .strict(),
  ),
});

const productTotal = z.strictObject({
  productId: z.string(),
  currency: z.string(),
  quantity: z.number(),
  revenueMinor: z.int(),
  name: z.string(),
  sku: z.string().nullable(),
});
const duration = z.strictObject({
  count: z.int(),
  medianMs: z.int().nullable().describe("Within ±6% (histogram buckets); null when nothing was counted"),
  p90Ms: z.int().nullable(),
});
const conversationFiguresOut = z.strictObject({
  series: z.array(z.strictObject({ day: z.int(), opened: z.int(), resolved: z.int(), newContacts: z.int() })),
  opened: z.int().describe("Conversations started by a customer's message (new, or after a close)"),
  resolved: z.int().describe("Conversations closed"),
  newContacts: z.int(),
  firstResponse: duration.describe("From the customer's first unanswered message to the team's next send"),
  resolution: duration.describe("From the conversation's start to its close"),
  agents: z.array(
    z.strictObject({
      agentId: z.string(),
      name: z.string(),
      conversationsHandled: z.int(),
      messagesSent: z.int(),
      firstResponses: z.int(),
      medianFirstResponseMs: z.int().nullable(),
      openBacklog: z.int(),
    }),
  ),
  unassignedBacklog: z.int(),
  funnel: z
    .array(z.strictObject({ key: z.string(), name: z.string(), color: z.string(), count: z.int(), reached: z.int() }))
    .describe("Contacts per lifecycle stage now; reached = at this stage or a later one"),
});
export const dashboardOut = z.strictObject({
  range: z.strictObject({ from: z.int(), to: z.int(), days: z.int() }),
  conversations: conversationFiguresOut,
  messages: z.strictObject({
    series: z.array(z.strictObject({ day: z.int(), inbound: z.int(), outbound: z.int() })),
    inbound: z.int(),
    outbound: z.int(),
    heat: z.array(z.array(z.int())).describe("Inbound messages by weekday (from Monday) and UTC hour"),
  }),
  orders: z.array(
    z.strictObject({
      currency: z.string(),
      series: z.array(z.strictObject({ day: z.int(), orders: z.int(), revenueMinor: z.int() })),
      orders: z.int(),
      revenueMinor: z.int(),
    }),
  ),
  topProductsByRevenue: z.array(productTotal),
  topProductsByQuantity: z.array(productTotal),
  topCustomers: z.array(
    z.strictObject({
      contactId: z.string(),
      currency: z.string(),
      lifetimeMinor: z.int(),
      orderCount: z.int(),
      lastOrderAt: z.int(),
      name: z.string().nullable(),
    }),
  ),
  reorders: z.strictObject({ overdue: z.int(), dueThisWeek: z.int() }),
});
export type _DashboardMatches = Assert<Same<z.output<typeof dashboardOut>, Dashboard>>;

export const orderMessageOut = z.strictObject({
  message: messageOut,
  conversationId: z.string().describe("The chat it went to: the order's own, else the customer's latest"),
  duplicate: z.boolean().describe("true: this clientId was sent before; nothing new was sent"),
});
