/**
 * Moving an order's status, with its history entry and the dashboard rollups, in one D1 batch (one
 * transaction). The history row is inserted only if the order still has the status the caller read;
 * the status update and the rollup increments then hang on that row existing. So a double click, a
 * retried request or two agents at once change the status and the revenue exactly once.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type BatchItem, runBatch } from "../../db/raw-batch";
import type { Order, OrderStatus } from "../../db/tables/commerce";
import { AppError } from "../errors";
import { canMove, isCounted, nextStatuses } from "./order-status";
import { getOrder } from "./orders";

const DAY_MS = 86_400_000;
export const utcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

export interface StatusChange {
  order: Order;
  /** +1 when the order now counts as a sale, −1 when it stopped counting, 0 otherwise. */
  counted: -1 | 0 | 1;
  /** The status it left, when this call moved it (not when it already had `to`): what webhooks announce. */
  from?: OrderStatus;
}

export async function changeOrderStatus(
  db: Db,
  orgId: string,
  id: string,
  to: OrderStatus,
  actorId: string | null,
  note?: string,
): Promise<StatusChange> {
  const order = await getOrder(db, orgId, id);
  if (order.status === to) return { order, counted: 0 };
  if (!canMove(order.status, to)) {
    const options = nextStatuses(order.status);
    throw new AppError(
      409,
      "invalid_transition",
      `A ${order.status} order cannot become ${to}${options.length ? `; it can become ${options.join(" or ")}` : ""}.`,
    );
  }
  const now = Date.now();
  const eventId = crypto.randomUUID();
  const counted = isCounted(to) === isCounted(order.status) ? 0 : isCounted(to) ? 1 : -1;
  const placedAt = order.placedAt ?? (counted === 1 ? now : null);
  const happened = sql`exists (select 1 from order_events where id = ${eventId})`;
  const statements: BatchItem[] = [
    sql`insert into order_events (id, order_id, org_id, from_status, to_status, actor_id, note, at)
      select ${eventId}, id, org_id, status, ${to}, ${actorId}, ${note || null}, ${now}
      from orders where id = ${id} and org_id = ${orgId} and status = ${order.status}`,
    sql`update orders set status = ${to}, updated_at = ${now}, placed_at = ${placedAt}
      where id = ${id} and org_id = ${orgId} and status = ${order.status} and ${happened}`,
  ];
  if (counted && placedAt !== null) {
    // A sale is dated by the day it was placed, so a refund next month takes it off the day it was counted on.
    const day = utcDay(placedAt);
    statements.push(
      sql`insert into order_daily_rollups (org_id, day, currency, orders, revenue_minor)
        select org_id, ${day}, currency, ${counted}, ${counted} * total_minor from orders where id = ${id} and ${happened}
        on conflict (org_id, day, currency) do update set orders = orders + excluded.orders, revenue_minor = revenue_minor + excluded.revenue_minor`,
      sql`insert into product_daily_rollups (org_id, day, product_id, currency, quantity, revenue_minor)
        select ${orgId}, ${day}, product_id, ${order.currency}, ${counted} * sum(quantity), ${counted} * sum(line_total_minor)
        from order_lines where order_id = ${id} and product_id is not null and ${happened} group by product_id
        on conflict (org_id, day, product_id, currency) do update set quantity = quantity + excluded.quantity, revenue_minor = revenue_minor + excluded.revenue_minor`,
    );
  }
  const [inserted] = await runBatch(db, statements);
  if (!inserted!.meta.changes) {
    const now = await getOrder(db, orgId, id);
    // Someone else made the same move first: the outcome the caller asked for, counted once.
    if (now.status === to) return { order: now, counted: 0 };
    throw new AppError(409, "order_changed", `The order became ${now.status} meanwhile; reload it and try again.`);
  }
  return { order: { ...order, status: to, updatedAt: now, placedAt }, counted, from: order.status };
}
