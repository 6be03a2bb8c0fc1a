/**
 * Bodies and queries of the commerce API (products, orders, purchase history): strict, and the one
 * source of these types for web/ (zod/mini, so the browser bundle stays small). Money is integer minor
 * units; a float amount or a negative quantity is refused with the field named.
 */
import { z } from "zod/mini";
import { orderStatuses } from "../../db/tables/commerce";
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from "../commerce/order-math";

const minor = (field: string) =>
  z
    .number({ error: `${field} must be a number in minor units (cents).` })
    .check(
      z.int(`${field} must be a whole number of minor units (cents), not a decimal.`),
      z.minimum(0, `${field} cannot be negative.`),
      z.maximum(MAX_AMOUNT_MINOR, `${field} is too large.`),
    );
const currency = z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 currency code, like EUR."));
const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const required = (max: number, what: string) => z.string().check(z.trim(), z.minLength(1, `${what} is required.`), z.maxLength(max));
const optionalText = (max: number) => z.optional(z.nullable(text(max)));
const int = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

export const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;
const sku = z.string().check(z.trim(), z.regex(skuPattern, "SKUs are 1–64 letters, digits, . _ - or /, starting with a letter or digit."));

const productFields = {
  sku,
  name: required(200, "Name"),
  description: optionalText(2000),
  priceMinor: minor("priceMinor"),
  currency,
  unit: z.optional(required(20, "Unit")),
  active: z.optional(z.boolean()),
  retailerId: optionalText(100),
  reorderIntervalDays: z.optional(
    z.nullable(z.number().check(z.int("Reorder interval is whole days."), z.minimum(1, "At least one day."), z.maximum(3650))),
  ),
};

export const productBody = z.strictObject(productFields);
export const productPatchBody = z
  .strictObject({
    sku: z.optional(productFields.sku),
    name: z.optional(productFields.name),
    description: productFields.description,
    priceMinor: z.optional(productFields.priceMinor),
    currency: z.optional(currency),
    unit: productFields.unit,
    active: productFields.active,
    retailerId: productFields.retailerId,
    reorderIntervalDays: productFields.reorderIntervalDays,
  })
  .check(z.refine((b) => Object.keys(b).length > 0, "Change at least one field."));

export const listProductsQuery = z.strictObject({
  q: z.optional(text(100)),
  active: z._default(z.enum(["all", "active", "inactive"]), "all"),
  limit: z._default(int(1, 500), 100),
  offset: z._default(int(0, 100_000), 0),
});

const quantity = z
  .number({ error: "quantity must be a number." })
  .check(
    z.int("quantity must be a whole number."),
    z.minimum(1, "quantity must be at least 1."),
    z.maximum(MAX_QUANTITY, "quantity is too large."),
  );

export const orderLineBody = z.strictObject({
  /** A catalog product; its name, SKU and (unless given) price are copied onto the line. */
  productId: z.optional(z.string().check(z.maxLength(100))),
  /** Required for a free-text line. */
  name: z.optional(required(200, "Line name")),
  quantity,
  unitPriceMinor: z.optional(minor("unitPriceMinor")),
});

export const deliveryAddressBody = z.strictObject({
  name: z.optional(text(200)),
  line1: z.optional(text(200)),
  line2: z.optional(text(200)),
  city: z.optional(text(100)),
  postalCode: z.optional(text(20)),
  region: z.optional(text(100)),
  country: z.optional(text(100)),
  phone: z.optional(text(40)),
});

const adjustments = {
  discountMinor: z.optional(minor("discountMinor")),
  taxRateBps: z.optional(
    z
      .number()
      .check(z.int("taxRateBps is whole basis points (2300 = 23%)."), z.minimum(0, "taxRateBps cannot be negative."), z.maximum(10_000)),
  ),
  shippingMinor: z.optional(minor("shippingMinor")),
};

export const createOrderBody = z.strictObject({
  contactId: z.string().check(z.minLength(1), z.maxLength(100)),
  conversationId: z.optional(z.string().check(z.maxLength(100))),
  currency,
  lines: z.array(orderLineBody).check(z.minLength(1, "Add at least one line."), z.maxLength(200)),
  ...adjustments,
  /** Omitted: the contact's last delivery address. */
  deliveryAddress: z.optional(z.nullable(deliveryAddressBody)),
  notes: optionalText(4000),
  status: z.optional(z.enum(["draft", "confirmed"])),
});

export const updateOrderBody = z
  .strictObject({
    lines: z.optional(z.array(orderLineBody).check(z.minLength(1, "Add at least one line."), z.maxLength(200))),
    ...adjustments,
    deliveryAddress: z.optional(z.nullable(deliveryAddressBody)),
    notes: optionalText(4000),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, "Change at least one field."));

export const orderStatusBody = z.strictObject({
  status: z.enum(orderStatuses),
  note: z.optional(text(500)),
});

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are YYYY-MM-DD."));

export const listOrdersQuery = z.strictObject({
  status: z.optional(z.enum(orderStatuses)),
  contactId: z.optional(z.string().check(z.maxLength(100))),
  productId: z.optional(z.string().check(z.maxLength(100))),
  /** The WhatsApp order message a draft came from (its card in the conversation asks by it). */
  sourceWamid: z.optional(z.string().check(z.maxLength(200))),
  /** Inclusive UTC days on the order's creation date. */
  from: z.optional(day),
  to: z.optional(day),
  limit: z._default(int(1, 500), 100),
  offset: z._default(int(0, 1_000_000), 0),
});

export const dueQuery = z.strictObject({
  window: z._default(z.enum(["overdue", "week", "all"]), "week"),
  limit: z._default(int(1, 500), 100),
});

export const dashboardQuery = z.strictObject({
  from: z.optional(day),
  to: z.optional(day),
  phoneNumberId: z.optional(z.string().check(z.maxLength(100))),
  label: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});

/** Send the order to its customer: as text in the window, else with this approved template. */
export const orderMessageBody = z.strictObject({
  clientId: z.uuid({ message: "clientId must be a UUID generated by the client for this send." }),
  template: z.optional(
    z.strictObject({
      name: z.string().check(z.minLength(1), z.maxLength(512)),
      language: z.string().check(z.minLength(2), z.maxLength(15)),
    }),
  ),
});
export type OrderMessageBody = z.infer<typeof orderMessageBody>;

export const productImportBody = z.strictObject({ csv: z.string().check(z.minLength(1, "The file is empty.")) });

export const dashboardTables = ["messages", "orders", "products", "customers", "hours", "conversations", "agents", "funnel"] as const;
export const dashboardExportQuery = z.extend(dashboardQuery, { table: z.enum(dashboardTables) });

export type ProductBody = z.infer<typeof productBody>;
export type ProductPatchBody = z.infer<typeof productPatchBody>;
export type CreateOrderBody = z.infer<typeof createOrderBody>;
export type UpdateOrderBody = z.infer<typeof updateOrderBody>;
export type OrderLineBody = z.infer<typeof orderLineBody>;
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;
export type ListProductsQuery = z.infer<typeof listProductsQuery>;
