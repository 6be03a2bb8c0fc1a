/** The commerce API as documentation: products, orders, purchase history, reorders, the dashboard. */
import * as commerce from "../schemas/commerce";
import type { RouteDoc } from "./routes";

const money = "Amounts are integers in minor units (cents) beside an ISO 4217 currency; a decimal or negative amount is 422.";

export const commerceRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/products",
    tag: "Products",
    summary: "The catalog, by name; `q` searches name, SKU and retailer id.",
    query: commerce.listProductsQuery,
  },
  {
    method: "post",
    path: "/api/products",
    tag: "Products",
    summary: `Adds a product (SKU unique in the org; 409 sku_taken). ${money}`,
    body: commerce.productBody,
    auth: "admin",
  },
  { method: "get", path: "/api/products/{id}", tag: "Products", summary: "A product." },
  {
    method: "patch",
    path: "/api/products/{id}",
    tag: "Products",
    summary: "Changes a product.",
    body: commerce.productPatchBody,
    auth: "admin",
  },
  {
    method: "delete",
    path: "/api/products/{id}",
    tag: "Products",
    summary: "Deletes a product; past order lines keep their copy.",
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/products/export.csv",
    tag: "Products",
    summary: "The catalog as CSV (sku, name, price, currency, unit, active, retailer_id, reorder_interval_days, description).",
  },
  {
    method: "post",
    path: "/api/products/import",
    tag: "Products",
    summary:
      "Imports CSV text in the export's columns by SKU (creates or updates), all or nothing: 422 csv_invalid lists bad rows. Up to 5,000 rows, 4 MB.",
    body: commerce.productImportBody,
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/orders",
    tag: "Orders",
    summary: "Orders, newest first, with totals per currency for the filter.",
    query: commerce.listOrdersQuery,
  },
  {
    method: "post",
    path: "/api/orders",
    tag: "Orders",
    summary: `Creates an order (draft, or confirmed); lines, tax and total computed by the server. ${money} Every line's product must be in the order's currency (422 currency_mismatch).`,
    body: commerce.createOrderBody,
  },
  {
    method: "get",
    path: "/api/orders/export.csv",
    tag: "Orders",
    summary: "The filtered orders as CSV (up to 20,000).",
    query: commerce.listOrdersQuery,
  },
  { method: "get", path: "/api/orders/{id}", tag: "Orders", summary: "An order with its lines and status history." },
  {
    method: "patch",
    path: "/api/orders/{id}",
    tag: "Orders",
    summary: "Edits notes and address; lines and amounts only on a draft (409 order_locked).",
    body: commerce.updateOrderBody,
  },
  {
    method: "post",
    path: "/api/orders/{id}/status",
    tag: "Orders",
    summary: "Moves the status: draft → confirmed → paid → shipped → delivered; cancelled, refunded. 409 invalid_transition otherwise.",
    body: commerce.orderStatusBody,
  },
  {
    method: "get",
    path: "/api/purchase-history/{contactId}",
    tag: "Purchase history",
    summary: "A contact's lifetime value, orders, products bought and reorder predictions.",
  },
  {
    method: "get",
    path: "/api/reorders",
    tag: "Purchase history",
    summary: "Reorder predictions due this week or overdue, soonest first.",
    query: commerce.dueQuery,
  },
  {
    method: "get",
    path: "/api/dashboard",
    tag: "Analytics",
    summary:
      "Messages in/out per day and weekday × hour, orders and revenue per day, top products and customers, reorders due; from rollups. Default: the last 30 days; at most 366.",
    query: commerce.dashboardQuery,
  },
  {
    method: "get",
    path: "/api/dashboard/export.csv",
    tag: "Analytics",
    summary: "One dashboard table as CSV: messages, orders, products, customers or hours.",
    query: commerce.dashboardExportQuery,
  },
];
