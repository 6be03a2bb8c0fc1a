/** The dashboard's answer, typed once for the route and web/ (no runtime imports, so the browser can use it). */
export interface DayMessages {
  day: number;
  inbound: number;
  outbound: number;
}

export interface DayOrders {
  day: number;
  orders: number;
  revenueMinor: number;
}

export interface ProductTotal {
  productId: string;
  currency: string;
  quantity: number;
  revenueMinor: number;
  name: string;
  sku: string | null;
}

export interface CustomerTotal {
  contactId: string;
  currency: string;
  lifetimeMinor: number;
  orderCount: number;
  lastOrderAt: number;
  name: string | null;
}

export interface Dashboard {
  range: { from: number; to: number; days: number };
  messages: { series: DayMessages[]; inbound: number; outbound: number /** [weekday from Monday][UTC hour] inbound */; heat: number[][] };
  orders: { currency: string; series: DayOrders[]; orders: number; revenueMinor: number }[];
  topProductsByRevenue: ProductTotal[];
  topProductsByQuantity: ProductTotal[];
  topCustomers: CustomerTotal[];
  reorders: { overdue: number; dueThisWeek: number };
}
