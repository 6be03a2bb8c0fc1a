/** The commerce API: products, orders, purchase history, reorders, the dashboard. Types from the server's own. */
import type { z } from "zod";
import type { OrderSummary } from "../../../durable/protocol";
import type { Order, OrderEvent, OrderLine, Product } from "../../../db/tables/commerce";
import type { ContactCommerceStats, ContactProductHistory, ReorderPrediction } from "../../../db/tables/purchase-history";
import type { Dashboard } from "../../../worker/analytics/dashboard-types";
import type {
  createOrderBody,
  dashboardTables,
  listOrdersQuery,
  productBody,
  productPatchBody,
  updateOrderBody,
} from "../../../worker/schemas/commerce";
import { api } from "./client";

export type PublicProduct = Omit<Product, "orgId">;
export type PublicOrder = Omit<Order, "orgId">;
export type ProductInput = z.input<typeof productBody>;
export type ProductPatch = z.input<typeof productPatchBody>;
export type NewOrderInput = z.input<typeof createOrderBody>;
export type OrderFilters = Partial<z.input<typeof listOrdersQuery>>;
export type { Dashboard, OrderSummary };

export interface OrderDetail {
  order: PublicOrder & { contactName: string | null };
  lines: Omit<OrderLine, "orgId">[];
  history: Omit<OrderEvent, "orgId">[];
}

export interface OrderList {
  orders: (PublicOrder & { contactName: string | null; lineCount: number })[];
  totals: { currency: string; count: number; totalMinor: number }[];
  count: number;
}

export interface PurchaseHistory {
  stats: (Omit<ContactCommerceStats, "orgId" | "contactId"> & { averageOrderMinor: number })[];
  products: (Omit<ContactProductHistory, "orgId" | "contactId"> & { name: string; sku: string | null; unit: string | null })[];
  predictions: (Omit<ReorderPrediction, "orgId" | "contactId"> & { productName: string; explanation: string })[];
  orders: PublicOrder[];
}

export interface DueReorder extends Omit<ReorderPrediction, "orgId"> {
  productName: string;
  contactName: string | null;
  conversationId: string | null;
  overdue: boolean;
  explanation: string;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

const id = encodeURIComponent;

export const commerceApi = {
  products: (q: { q?: string; active?: string; limit?: number } = {}) =>
    api.get<{ products: PublicProduct[]; total: number }>(`/api/products${query(q)}`),
  createProduct: (body: ProductInput) => api.post<{ product: PublicProduct }>("/api/products", body),
  updateProduct: (productId: string, body: ProductPatch) => api.patch<{ product: PublicProduct }>(`/api/products/${id(productId)}`, body),
  deleteProduct: (productId: string) => api.delete<{ deleted: true }>(`/api/products/${id(productId)}`),
  importProducts: (csv: string) => api.post<{ created: number; updated: number }>("/api/products/import", { csv }),
  productsCsvUrl: "/api/products/export.csv",

  orders: (f: OrderFilters = {}) => api.get<OrderList>(`/api/orders${query(f as Record<string, string>)}`),
  ordersCsvUrl: (f: OrderFilters = {}) => `/api/orders/export.csv${query(f as Record<string, string>)}`,
  order: (orderId: string) => api.get<OrderDetail>(`/api/orders/${id(orderId)}`),
  createOrder: (body: NewOrderInput) => api.post<OrderDetail>("/api/orders", body),
  /** A draft's lines (and amounts, notes, address); a confirmed order's lines are locked (409 order_locked). */
  updateOrder: (orderId: string, body: z.input<typeof updateOrderBody>) => api.patch<OrderDetail>(`/api/orders/${id(orderId)}`, body),
  /** The order to its customer on WhatsApp: text in the window, else `template` (422 window_closed without one). */
  sendOrder: (orderId: string, body: { clientId: string; template?: { name: string; language: string } }) =>
    api.post<{ conversationId: string; duplicate: boolean }>(`/api/orders/${id(orderId)}/message`, body),
  moveOrder: (orderId: string, status: string) => api.post<OrderDetail>(`/api/orders/${id(orderId)}/status`, { status }),

  history: (contactId: string) => api.get<PurchaseHistory>(`/api/purchase-history/${id(contactId)}`),
  reorders: (window: "overdue" | "week" | "all") => api.get<{ due: DueReorder[] }>(`/api/reorders${query({ window })}`),

  dashboard: (q: { from?: string; to?: string; phoneNumberId?: string; label?: string }) => api.get<Dashboard>(`/api/dashboard${query(q)}`),
  dashboardCsvUrl: (table: (typeof dashboardTables)[number], q: { from?: string; to?: string; phoneNumberId?: string; label?: string }) =>
    `/api/dashboard/export.csv${query({ ...q, table })}`,
};
