/**
 * Sales orders: create (as a draft, then moved like any other order), edit while a draft, read and
 * list. Amounts are computed here, never taken from the client. Status moves live in order-status-change.ts.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type BatchItem, runBatch } from "../../db/raw-batch";
import { contacts } from "../../db/schema";
import { type DeliveryAddress, type Order, orderEvents, orderLines, orders, type OrderSource } from "../../db/tables/commerce";
import { AppError } from "../errors";
import type { CreateOrderBody, ListOrdersQuery, UpdateOrderBody } from "../schemas/commerce";
import { type NewLine, resolveLines, totalsOf } from "./order-lines";
import { isEditable } from "./order-status";

export type PublicOrder = Omit<Order, "orgId">;
export const publicOrder = ({ orgId: _o, ...o }: Order): PublicOrder => o;

export const orderNotFound = () => new AppError(404, "order_not_found", "No such order in your organization.");
const DAY_MS = 86_400_000;

export async function findContact(db: Db, orgId: string, contactId: string) {
  const row = await db
    .select({ id: contacts.id, name: sql<string | null>`coalesce(${contacts.displayName}, ${contacts.profileName}, ${contacts.waId})` })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.orgId, orgId)))
    .get();
  if (!row) throw new AppError(404, "contact_not_found", "No such contact in your organization.");
  return row;
}

/** A new order's delivery address: the contact's own, else the one on their latest order. */
export async function lastDeliveryAddress(db: Db, orgId: string, contactId: string): Promise<DeliveryAddress | null> {
  const [contact, last] = await Promise.all([
    db
      .select({ address: contacts.address, name: sql<string | null>`coalesce(${contacts.displayName}, ${contacts.profileName})` })
      .from(contacts)
      .where(and(eq(contacts.id, contactId), eq(contacts.orgId, orgId)))
      .get(),
    db
      .select({ address: orders.deliveryAddress })
      .from(orders)
      .where(and(eq(orders.orgId, orgId), eq(orders.contactId, contactId), sql`${orders.deliveryAddress} is not null`))
      .orderBy(desc(orders.createdAt))
      .limit(1)
      .get(),
  ]);
  const a = contact?.address;
  if (a && (a.street || a.city)) {
    return {
      ...(contact.name && { name: contact.name }),
      ...(a.street && { line1: a.street }),
      ...(a.city && { city: a.city }),
      ...(a.postalCode && { postalCode: a.postalCode }),
      ...(a.country && { country: a.country }),
    };
  }
  return last?.address ?? null;
}

export interface NewOrder {
  orgId: string;
  contactId: string;
  conversationId: string | null;
  currency: string;
  source: OrderSource;
  createdBy: string | null;
  lines: NewLine[];
  discountMinor: number;
  taxRateBps: number;
  shippingMinor: number;
  deliveryAddress: DeliveryAddress | null;
  notes: string | null;
  sourceWamid?: string | null;
}

/**
 * The statements that insert a draft order, its lines and its first history entry. With a source wamid
 * the order is `insert or ignore`d on (org, wamid) and the lines and history hang on the new id existing,
 * so a replayed webhook writes nothing.
 */
export function insertDraftStatements(db: Db, o: NewOrder, now: number) {
  const id = `ord_${crypto.randomUUID()}`;
  const totals = totalsOf(o.lines, o);
  const order = db
    .insert(orders)
    .values({
      id,
      orgId: o.orgId,
      number: sql`(select coalesce(max(number), 0) + 1 from orders where org_id = ${o.orgId})`,
      contactId: o.contactId,
      conversationId: o.conversationId,
      status: "draft",
      source: o.source,
      currency: o.currency,
      subtotalMinor: totals.subtotalMinor,
      discountMinor: totals.discountMinor,
      taxRateBps: o.taxRateBps,
      taxMinor: totals.taxMinor,
      shippingMinor: totals.shippingMinor,
      totalMinor: totals.totalMinor,
      deliveryAddress: o.deliveryAddress,
      notes: o.notes,
      createdBy: o.createdBy,
      sourceWamid: o.sourceWamid ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  const exists = sql`exists (select 1 from orders where id = ${id})`;
  const lines = o.lines.map(
    (
      l,
      position,
    ) => sql`insert into order_lines (id, order_id, org_id, position, product_id, sku, name, quantity, unit_price_minor, line_total_minor)
      select ${`${id}:${position}`}, ${id}, ${o.orgId}, ${position}, ${l.productId}, ${l.sku}, ${l.name}, ${l.quantity}, ${l.unitPriceMinor}, ${l.lineTotalMinor}
      where ${exists}`,
  );
  const event = sql`insert into order_events (id, order_id, org_id, from_status, to_status, actor_id, note, at)
    select ${crypto.randomUUID()}, ${id}, ${o.orgId}, null, 'draft', ${o.createdBy}, ${o.source === "whatsapp" ? "From a WhatsApp catalog order" : null}, ${now}
    where ${exists}`;
  return { id, statements: [order, ...lines, event] as BatchItem[] };
}

export async function createOrder(db: Db, orgId: string, userId: string, body: CreateOrderBody): Promise<string> {
  await findContact(db, orgId, body.contactId);
  const lines = await resolveLines(db, orgId, body.currency, body.lines);
  const deliveryAddress = body.deliveryAddress === undefined ? await lastDeliveryAddress(db, orgId, body.contactId) : body.deliveryAddress;
  const { id, statements } = insertDraftStatements(
    db,
    {
      orgId,
      contactId: body.contactId,
      conversationId: body.conversationId ?? null,
      currency: body.currency,
      source: "agent",
      createdBy: userId,
      lines,
      discountMinor: body.discountMinor ?? 0,
      taxRateBps: body.taxRateBps ?? 0,
      shippingMinor: body.shippingMinor ?? 0,
      deliveryAddress,
      notes: body.notes || null,
    },
    Date.now(),
  );
  await runBatch(db, statements);
  return id;
}

export async function getOrder(db: Db, orgId: string, id: string): Promise<Order> {
  const row = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.orgId, orgId)))
    .get();
  if (!row) throw orderNotFound();
  return row;
}

export async function orderDetail(db: Db, orgId: string, id: string) {
  const order = await getOrder(db, orgId, id);
  const [lines, history, contact] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.position)).all(),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, id)).orderBy(asc(orderEvents.at)).all(),
    findContact(db, orgId, order.contactId),
  ]);
  return {
    order: { ...publicOrder(order), contactName: contact.name },
    lines: lines.map(({ orgId: _o, ...l }) => l),
    history: history.map(({ orgId: _o, ...e }) => e),
  };
}

/** Lines and amounts change only on a draft; notes and the address any time. */
export async function updateOrder(db: Db, orgId: string, id: string, body: UpdateOrderBody): Promise<void> {
  const order = await getOrder(db, orgId, id);
  const changesMoney =
    body.lines !== undefined || body.discountMinor !== undefined || body.taxRateBps !== undefined || body.shippingMinor !== undefined;
  if (changesMoney && !isEditable(order.status))
    throw new AppError(409, "order_locked", `A ${order.status} order's lines and amounts cannot change; cancel it and create a new one.`);
  const now = Date.now();
  const set: Partial<Order> = { updatedAt: now };
  if (body.notes !== undefined) set.notes = body.notes || null;
  if (body.deliveryAddress !== undefined) set.deliveryAddress = body.deliveryAddress;
  const statements: BatchItem[] = [];
  if (changesMoney) {
    const lines = body.lines
      ? await resolveLines(db, orgId, order.currency, body.lines)
      : await db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.position)).all();
    const adj = {
      discountMinor: body.discountMinor ?? order.discountMinor,
      taxRateBps: body.taxRateBps ?? order.taxRateBps,
      shippingMinor: body.shippingMinor ?? order.shippingMinor,
    };
    const totals = totalsOf(lines, adj);
    Object.assign(set, {
      ...adj,
      discountMinor: totals.discountMinor,
      subtotalMinor: totals.subtotalMinor,
      taxMinor: totals.taxMinor,
      totalMinor: totals.totalMinor,
    });
    if (body.lines) {
      statements.push(db.delete(orderLines).where(eq(orderLines.orderId, id)));
      statements.push(
        db.insert(orderLines).values(lines.map((l, position) => ({ ...l, id: `${id}:${position}:${now}`, orderId: id, orgId, position }))),
      );
    }
  }
  // Compare-and-set on the status read above: a concurrent confirm wins, and this edit is refused.
  const update = db
    .update(orders)
    .set(set)
    .where(and(eq(orders.id, id), eq(orders.orgId, orgId), eq(orders.status, order.status)));
  const results = await runBatch(db, [update, ...statements]);
  if (!results[0]!.meta.changes) throw new AppError(409, "order_changed", "The order changed meanwhile; reload it and try again.");
}

function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function orderFilters(orgId: string, q: Omit<ListOrdersQuery, "limit" | "offset">): SQL {
  const where: (SQL | undefined)[] = [eq(orders.orgId, orgId)];
  if (q.status) where.push(eq(orders.status, q.status));
  if (q.contactId) where.push(eq(orders.contactId, q.contactId));
  if (q.sourceWamid) where.push(eq(orders.sourceWamid, q.sourceWamid));
  if (q.from) where.push(gte(orders.createdAt, dayStart(q.from)));
  if (q.to) where.push(lt(orders.createdAt, dayStart(q.to) + DAY_MS));
  if (q.productId) where.push(sql`exists (select 1 from order_lines l where l.order_id = orders.id and l.product_id = ${q.productId})`);
  return and(...where)!;
}

export async function listOrders(db: Db, orgId: string, q: ListOrdersQuery) {
  const where = orderFilters(orgId, q);
  const [rows, totals] = await Promise.all([
    db
      .select({
        order: orders,
        contactName: sql<
          string | null
        >`(select coalesce(c.display_name, c.profile_name, c.wa_id) from contacts c where c.id = orders.contact_id)`,
        lineCount: sql<number>`(select count(*) from order_lines l where l.order_id = orders.id)`,
      })
      .from(orders)
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(q.limit)
      .offset(q.offset)
      .all(),
    db
      .select({ currency: orders.currency, count: sql<number>`count(*)`, totalMinor: sql<number>`sum(${orders.totalMinor})` })
      .from(orders)
      .where(where)
      .groupBy(orders.currency)
      .all(),
  ]);
  return {
    orders: rows.map((r) => ({ ...publicOrder(r.order), contactName: r.contactName, lineCount: r.lineCount })),
    totals,
    count: totals.reduce((n, t) => n + t.count, 0),
  };
}

export async function ordersOfContact(db: Db, orgId: string, contactIds: string[]) {
  if (!contactIds.length) return [];
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.orgId, orgId), inArray(orders.contactId, contactIds)))
    .orderBy(desc(orders.createdAt))
    .limit(200)
    .all();
}
