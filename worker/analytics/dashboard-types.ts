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

/** Median and p90 of a duration, in ms (null when nothing was counted); from histogram buckets, ±6%. */
export interface DurationFigures {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface AgentFigures {
  agentId: string;
  name: string;
  /** Conversations resolved (closed) while assigned to them, or by them when unassigned. */
  conversationsHandled: number;
  messagesSent: number;
  firstResponses: number;
  medianFirstResponseMs: number | null;
  /** Open conversations assigned to them now. */
  openBacklog: number;
}

export interface FunnelStage {
  key: string;
  name: string;
  color: string;
  /** Contacts at this stage now. */
  count: number;
  /** Contacts at this stage or a later one. */
  reached: number;
}

export interface ConversationFigures {
  series: { day: number; opened: number; resolved: number; newContacts: number }[];
  opened: number;
  resolved: number;
  newContacts: number;
  firstResponse: DurationFigures;
  resolution: DurationFigures;
  agents: AgentFigures[];
  unassignedBacklog: number;
  funnel: FunnelStage[];
}

export interface Dashboard {
  range: { from: number; to: number; days: number };
  /** Conversations, response times, agents (number and label filters apply), new contacts and the funnel. */
  conversations: ConversationFigures;
  messages: { series: DayMessages[]; inbound: number; outbound: number /** [weekday from Monday][UTC hour] inbound */; heat: number[][] };
  orders: { currency: string; series: DayOrders[]; orders: number; revenueMinor: number }[];
  topProductsByRevenue: ProductTotal[];
  topProductsByQuantity: ProductTotal[];
  topCustomers: CustomerTotal[];
  reorders: { overdue: number; dueThisWeek: number };
}
