/** Sales orders: agents create, edit and move them; every change reaches the org's agents live. */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { openDb, type Db } from "../../db/client";
import type { Order } from "../../db/tables/commerce";
import { exportOrdersCsv } from "../commerce/order-csv";
import { changeOrderStatus } from "../commerce/order-status-change";
import { publishOrders } from "../commerce/order-summary";
import { createOrder, getOrder, listOrders, orderDetail, updateOrder } from "../commerce/orders";
import { recomputeContactHistory } from "../commerce/purchase-history";
import { jsonBody } from "../middleware/json-body";
import { queryParams } from "../middleware/query-params";
import { requireSession } from "../middleware/require-session";
import { createOrderBody, listOrdersQuery, orderMessageBody, orderStatusBody, updateOrderBody } from "../schemas/commerce";
import { sendOrderMessage } from "../commerce/order-message";
import { csvResponse } from "./csv-response";
import { linksOfOrder, publicLink, sendPaymentLink } from "../payments/links";
import { paymentLinkBody } from "../schemas/payments";
import { emitWebhooks } from "../integrations/events";
import { orderCreated, orderStatusChanged } from "../integrations/order-events";

export const orderRoutes = new Hono<AppEnv>();
orderRoutes.use("*", requireSession());

const orgOf = (c: Context<AppEnv>) => c.get("auth").org.id;
const announce = (c: Context<AppEnv>, order: Order) => c.executionCtx.waitUntil(publishOrders(c.env.ORG_INBOX, order.orgId, [order]));

orderRoutes.get("/", async (c) => c.json(await listOrders(openDb(c.env.DB), orgOf(c), queryParams(c, listOrdersQuery))));

orderRoutes.get("/export.csv", async (c) => {
  const { limit: _l, offset: _o, ...filters } = queryParams(c, listOrdersQuery);
  return csvResponse(c, "orders.csv", await exportOrdersCsv(openDb(c.env.DB), orgOf(c), filters));
});

orderRoutes.post("/", async (c) => {
  const body = await jsonBody(c, createOrderBody, { invalidStatus: 422 });
  const db = openDb(c.env.DB);
  const orgId = orgOf(c);
  const userId = c.get("auth").user.id;
  const id = await createOrder(db, orgId, userId, body);
  if (body.status === "confirmed") await moved(db, orgId, await changeOrderStatus(db, orgId, id, "confirmed", userId));
  const detail = await orderDetail(db, orgId, id);
  const order = await getOrder(db, orgId, id);
  announce(c, order);
  c.executionCtx.waitUntil(emitWebhooks(c.env, db, orgId, orderCreated(order)));
  return c.json(detail, 201);
});

orderRoutes.get("/:id", async (c) => c.json(await orderDetail(openDb(c.env.DB), orgOf(c), c.req.param("id"))));

orderRoutes.patch("/:id", async (c) => {
  const body = await jsonBody(c, updateOrderBody, { invalidStatus: 422 });
  const db = openDb(c.env.DB);
  await updateOrder(db, orgOf(c), c.req.param("id"), body);
  announce(c, await getOrder(db, orgOf(c), c.req.param("id")));
  return c.json(await orderDetail(db, orgOf(c), c.req.param("id")));
});

orderRoutes.post("/:id/status", async (c) => {
  const body = await jsonBody(c, orderStatusBody, { invalidStatus: 422 });
  const db = openDb(c.env.DB);
  const change = await changeOrderStatus(db, orgOf(c), c.req.param("id"), body.status, c.get("auth").user.id, body.note);
  await moved(db, orgOf(c), change);
  announce(c, change.order);
  if (change.from) c.executionCtx.waitUntil(emitWebhooks(c.env, db, orgOf(c), orderStatusChanged(change.order, change.from)));
  return c.json(await orderDetail(db, orgOf(c), c.req.param("id")));
});

orderRoutes.post("/:id/message", async (c) => {
  const body = await jsonBody(c, orderMessageBody);
  const sent = await sendOrderMessage(c, openDb(c.env.DB), orgOf(c), c.req.param("id"), body);
  return c.json(sent, sent.duplicate ? 200 : 201);
});

orderRoutes.get("/:id/payment-links", async (c) => {
  const links = await linksOfOrder(openDb(c.env.DB), orgOf(c), c.req.param("id"));
  return c.json({ links: links.map(publicLink) });
});

orderRoutes.post("/:id/payment-links", async (c) => {
  const body = await jsonBody(c, paymentLinkBody);
  const sent = await sendPaymentLink(c, openDb(c.env.DB), orgOf(c), c.req.param("id"), body);
  return c.json(sent, sent.duplicate ? 200 : 201);
});

/** An order started or stopped counting as a sale: its customer's history and predictions follow. */
async function moved(db: Db, orgId: string, change: { order: Order; counted: number }) {
  if (change.counted) await recomputeContactHistory(db, orgId, change.order.contactId);
}
