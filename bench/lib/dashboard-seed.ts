/**
 * What a year of a busy org leaves in D1 for the dashboard to read: 1,000,000 messages and 50,000 orders.
 *
 * Messages live in their rooms (Durable Objects), not in D1; what they leave in D1 is one conversation row
 * per customer and the rollups counted as they were stored and sent. So the seed writes those: contacts,
 * conversations, and the hourly, daily and histogram rollups that 1,000,000 messages in 60,000 conversations
 * (each opened by a customer, answered, resolved) produce, counted the way conversation-clock.ts and
 * message-rollup.ts count them (the same bucket function). Orders are written whole (orders, lines, status
 * history) with their rollups, purchase stats and reorder predictions.
 *
 * Deterministic (a seeded generator): every run writes the same rows. Multi-row INSERTs, 400 rows each.
 */
import { durationBucket } from "../../durable/projection/duration-buckets";
import { rng } from "./chat-text";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROWS_PER_INSERT = 400;

export interface SeedShape {
  messages: number;
  orders: number;
  contacts: number;
  episodes: number;
  products: number;
  agents: number;
  /** The org's own number first; the others are extra numbers of the same org. */
  numbers: string[];
  labels: string[];
  now: number;
}

export const FULL_SHAPE = (demoNumber: string, now = Date.now()): SeedShape => ({
  messages: 1_000_000,
  orders: 50_000,
  contacts: 20_000,
  episodes: 60_000,
  products: 200,
  agents: 8,
  numbers: [demoNumber, "bench_number_2", "bench_number_3"],
  labels: ["VIP", "Wholesale", "Complaint", "Lead"],
  now,
});

const q = (v: string | number | null) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${v.replaceAll("'", "''")}'`);

function inserts(table: string, columns: string[], rows: (string | number | null)[][], conflict = ""): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    out.push(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${chunk.map((r) => `(${r.map(q).join(",")})`).join(",")}${conflict};`);
  }
  return out;
}

/** A log-normal duration in ms with this median and spread (sigma of ln). */
const logNormal = (random: () => number, medianMs: number, sigma: number) => {
  const u = Math.max(1e-9, random());
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.round(medianMs * Math.exp(sigma * z));
};

/** A moment in the past year, busier on weekdays and in working hours, as customers write. */
function busyMoment(random: () => number, now: number): number {
  for (;;) {
    const t = now - Math.floor(random() * 365 * DAY);
    const d = new Date(t);
    const weekday = (d.getUTCDay() + 6) % 7;
    const hour = d.getUTCHours();
    const weight = (weekday < 5 ? 1 : 0.5) * (hour >= 8 && hour < 20 ? 1 : 0.15);
    if (random() < weight) return t;
  }
}

export function dashboardSeedSql(orgId: string, shape: SeedShape): { statements: string[]; counts: Record<string, number> } {
  const random = rng(20261207);
  const { now } = shape;
  const org = orgId;
  const agents = Array.from({ length: shape.agents }, (_, i) => `bench_agent_${i}`);
  const stages = ["new_lead", "qualified", "customer", "repeat_customer", "churned"];

  const users = agents.map((id, i) => [
    id,
    org,
    `agent${i}@bench.parley.local`,
    `Agent ${i + 1}`,
    "agent",
    "!not-a-password-hash",
    now,
    now,
  ]);

  // Contacts, each with one conversation on one of the org's numbers.
  const contacts: (string | number | null)[][] = [];
  const conversations: (string | number | null)[][] = [];
  const conversationOf: { id: string; number: string; labels: string[]; assignee: string | null }[] = [];
  for (let i = 0; i < shape.contacts; i++) {
    const id = `bench_ct_${i}`;
    const created = now - Math.floor(random() * 365 * DAY);
    const stage = stages[Math.min(4, Math.floor(-Math.log(Math.max(1e-9, random())) * 0.9))]!;
    contacts.push([id, org, `4477${String(i).padStart(8, "0")}`, `Customer ${i}`, stage, created, now]);
    const labels = shape.labels.filter(() => random() < 0.15);
    const number = shape.numbers[random() < 0.7 ? 0 : 1 + Math.floor(random() * (shape.numbers.length - 1))]!;
    const open = random() < 0.08;
    const assignee = random() < 0.8 ? agents[Math.floor(random() * agents.length)]! : null;
    const convId = `bench_cv_${i}`;
    conversations.push([
      convId,
      org,
      id,
      number,
      open ? "open" : "closed",
      assignee,
      JSON.stringify(labels),
      now - Math.floor(random() * 30 * DAY),
      created,
      now,
    ]);
    conversationOf.push({ id: convId, number, labels, assignee });
  }

  // Episodes (a customer opens, the team answers, someone closes) carry the million messages.
  const hourly = new Map<string, [number, number]>();
  const daily = new Map<string, [number, number, number, number]>();
  const histogram = new Map<string, number>();
  const bumpDaily = (day: number, number: string, agent: string, labels: string[], field: 0 | 1 | 2 | 3) => {
    for (const label of ["", ...labels]) {
      const key = `${label}|${day}|${number}|${agent}`;
      const row = daily.get(key) ?? [0, 0, 0, 0];
      row[field] += 1;
      daily.set(key, row);
    }
  };
  const bumpHistogram = (kind: string, day: number, number: string, agent: string, labels: string[], ms: number) => {
    for (const label of ["", ...labels]) {
      const key = `${label}|${kind}|${day}|${number}|${agent}|${durationBucket(ms)}`;
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
  };
  let messagesLeft = shape.messages;
  for (let e = 0; e < shape.episodes; e++) {
    const conv = conversationOf[Math.floor(random() * conversationOf.length)]!;
    const start = busyMoment(random, now - DAY);
    const agent = conv.assignee ?? agents[Math.floor(random() * agents.length)]!;
    const firstResponse = logNormal(random, 6 * 60_000, 1.2);
    const resolution = firstResponse + logNormal(random, 3 * HOUR, 1.4);
    const messages =
      e === shape.episodes - 1
        ? messagesLeft
        : Math.min(messagesLeft, Math.max(2, Math.round((shape.messages / shape.episodes) * (0.5 + random()))));
    messagesLeft -= messages;
    const inbound = Math.max(1, Math.round(messages * 0.55));
    const outbound = messages - inbound;
    // Messages spread over the episode's hours, inbound first.
    for (let m = 0; m < messages; m++) {
      const at = start + Math.floor((resolution * m) / Math.max(1, messages));
      const key = `${Math.floor(at / HOUR) * HOUR}|${conv.number}`;
      const row = hourly.get(key) ?? [0, 0];
      // Customer and team take turns while the team has messages left; the customer's surplus comes last.
      row[m < 2 * outbound && m % 2 === 1 ? 1 : 0] += 1;
      hourly.set(key, row);
    }
    const day = (t: number) => Math.floor(t / DAY) * DAY;
    bumpDaily(day(start), conv.number, "", conv.labels, 0);
    bumpDaily(day(start + firstResponse), conv.number, agent, conv.labels, 2);
    bumpHistogram("first_response", day(start + firstResponse), conv.number, agent, conv.labels, firstResponse);
    for (let s = 0; s < outbound; s++) bumpDaily(day(start + firstResponse), conv.number, agent, conv.labels, 3);
    if (start + resolution < now) {
      bumpDaily(day(start + resolution), conv.number, agent, conv.labels, 1);
      bumpHistogram("resolution", day(start + resolution), conv.number, agent, conv.labels, resolution);
    }
  }

  // The catalog and 50,000 orders.
  const products: [string, string, string, string, number, string, number | null, number, number][] = Array.from(
    { length: shape.products },
    (_, i) => [
      `bench_pr_${i}`,
      org,
      `BENCH-${String(i).padStart(4, "0")}`,
      `Product ${i + 1}`,
      500 + Math.floor(random() * 9500),
      "EUR",
      random() < 0.5 ? 7 * (1 + Math.floor(random() * 8)) : null,
      now,
      now,
    ],
  );
  const orders: (string | number | null)[][] = [];
  const lines: (string | number | null)[][] = [];
  const events: (string | number | null)[][] = [];
  const orderDaily = new Map<number, [number, number]>();
  const productDaily = new Map<string, [number, number]>();
  const stats = new Map<string, { count: number; ltv: number; first: number; last: number }>();
  const bought = new Map<
    string,
    { count: number; quantity: number; first: number; last: number; purchases: { at: number; quantity: number }[] }
  >();
  const pickProduct = () => Math.min(shape.products - 1, Math.floor(shape.products * random() ** 2));
  const buyers = Math.floor(shape.contacts * 0.6);
  for (let o = 0; o < shape.orders; o++) {
    const contact = `bench_ct_${Math.floor(buyers * random() ** 1.5)}`;
    const at = now - Math.floor(random() * 365 * DAY);
    const status = random() < 0.04 ? "cancelled" : random() < 0.03 ? "draft" : "delivered";
    const counted = status === "delivered";
    const id = `bench_or_${o}`;
    let subtotal = 0;
    const n = 1 + Math.floor(random() * 3);
    for (let l = 0; l < n; l++) {
      const p = products[pickProduct()]!;
      const quantity = 1 + Math.floor(random() * 4);
      const total = quantity * p[4];
      subtotal += total;
      lines.push([`${id}_${l}`, id, org, l, p[0], p[2], p[3], quantity, p[4], total]);
      if (counted) {
        const key = `${Math.floor(at / DAY) * DAY}|${p[0]}`;
        const row = productDaily.get(key) ?? [0, 0];
        row[0] += quantity;
        row[1] += total;
        productDaily.set(key, row);
        const b = bought.get(`${contact}|${p[0]}`) ?? { count: 0, quantity: 0, first: at, last: at, purchases: [] };
        b.count += 1;
        b.quantity += quantity;
        b.first = Math.min(b.first, at);
        b.last = Math.max(b.last, at);
        b.purchases.push({ at, quantity });
        bought.set(`${contact}|${p[0]}`, b);
      }
    }
    orders.push([id, org, o + 1, contact, status, "import", "EUR", subtotal, subtotal, counted ? at : null, at, at]);
    events.push([`${id}_e0`, id, org, null, "draft", at]);
    if (status !== "draft") events.push([`${id}_e1`, id, org, "draft", status, at + HOUR]);
    if (counted) {
      const day = Math.floor(at / DAY) * DAY;
      const row = orderDaily.get(day) ?? [0, 0];
      row[0] += 1;
      row[1] += subtotal;
      orderDaily.set(day, row);
      const s = stats.get(contact) ?? { count: 0, ltv: 0, first: at, last: at };
      s.count += 1;
      s.ltv += subtotal;
      s.first = Math.min(s.first, at);
      s.last = Math.max(s.last, at);
      stats.set(contact, s);
    }
  }
  const predictions = [...bought.entries()].map(([key, b]) => {
    const [contact, product] = key.split("|") as [string, string];
    const interval = b.count >= 2 ? Math.max(1, Math.round((b.last - b.first) / DAY / (b.count - 1))) : 30;
    return [
      org,
      contact,
      product,
      interval,
      b.last + interval * DAY,
      b.count >= 2 ? "contact" : "org",
      b.count,
      b.count >= 2 ? 60 : 30,
      b.last,
      b.count >= 2 ? interval : null,
    ];
  });

  const statements = [
    ...inserts("users", ["id", "org_id", "email", "name", "role", "password_hash", "created_at", "updated_at"], users),
    ...inserts("contacts", ["id", "org_id", "wa_id", "profile_name", "stage", "created_at", "updated_at"], contacts),
    ...inserts(
      "conversations",
      ["id", "org_id", "contact_id", "phone_number_id", "state", "assignee_id", "labels", "last_message_at", "created_at", "updated_at"],
      conversations,
    ),
    ...inserts(
      "message_hourly_rollups",
      ["org_id", "hour", "phone_number_id", "inbound", "outbound"],
      [...hourly].map(([k, [i, o]]) => {
        const [hour, number] = k.split("|");
        return [org, Number(hour), number!, i, o];
      }),
    ),
    ...inserts(
      "conversation_daily_rollups",
      ["org_id", "label", "day", "phone_number_id", "agent_id", "opened", "resolved", "first_responses", "messages_sent"],
      [...daily].map(([k, v]) => {
        const [label, day, number, agent] = k.split("|");
        return [org, label!, Number(day), number!, agent!, ...v];
      }),
    ),
    ...inserts(
      "response_time_rollups",
      ["org_id", "label", "kind", "day", "phone_number_id", "agent_id", "bucket", "count"],
      [...histogram].map(([k, count]) => {
        const [label, kind, day, number, agent, bucket] = k.split("|");
        return [org, label!, kind!, Number(day), number!, agent!, Number(bucket), count];
      }),
    ),
    ...inserts(
      "products",
      ["id", "org_id", "sku", "name", "price_minor", "currency", "reorder_interval_days", "created_at", "updated_at"],
      products,
    ),
    ...inserts(
      "orders",
      [
        "id",
        "org_id",
        "number",
        "contact_id",
        "status",
        "source",
        "currency",
        "subtotal_minor",
        "total_minor",
        "placed_at",
        "created_at",
        "updated_at",
      ],
      orders,
    ),
    ...inserts(
      "order_lines",
      ["id", "order_id", "org_id", "position", "product_id", "sku", "name", "quantity", "unit_price_minor", "line_total_minor"],
      lines,
    ),
    ...inserts("order_events", ["id", "order_id", "org_id", "from_status", "to_status", "at"], events),
    ...inserts(
      "order_daily_rollups",
      ["org_id", "day", "currency", "orders", "revenue_minor"],
      [...orderDaily].map(([day, [n, revenue]]) => [org, day, "EUR", n, revenue]),
    ),
    ...inserts(
      "product_daily_rollups",
      ["org_id", "day", "product_id", "currency", "quantity", "revenue_minor"],
      [...productDaily].map(([k, [quantity, revenue]]) => {
        const [day, product] = k.split("|");
        return [org, Number(day), product!, "EUR", quantity, revenue];
      }),
    ),
    ...inserts(
      "contact_commerce_stats",
      ["org_id", "contact_id", "currency", "order_count", "lifetime_minor", "first_order_at", "last_order_at"],
      [...stats].map(([contact, s]) => [org, contact, "EUR", s.count, s.ltv, s.first, s.last]),
    ),
    ...inserts(
      "contact_product_history",
      ["org_id", "contact_id", "product_id", "order_count", "quantity", "first_at", "last_at", "purchases"],
      [...bought].map(([key, b]) => {
        const [contact, product] = key.split("|");
        return [
          org,
          contact!,
          product!,
          b.count,
          b.quantity,
          b.first,
          b.last,
          JSON.stringify(b.purchases.sort((x, y) => x.at - y.at).slice(-20)),
        ];
      }),
    ),
    ...inserts(
      "reorder_predictions",
      [
        "org_id",
        "contact_id",
        "product_id",
        "interval_days",
        "next_at",
        "basis",
        "basis_orders",
        "confidence",
        "last_at",
        "own_interval_days",
      ],
      predictions,
    ),
  ];
  const messages = [...hourly.values()].reduce((n, [i, o]) => n + i + o, 0);
  return {
    statements,
    counts: {
      messages,
      orders: orders.length,
      orderLines: lines.length,
      contacts: contacts.length,
      conversations: conversations.length,
      episodes: shape.episodes,
      messageRollupRows: hourly.size,
      conversationRollupRows: daily.size,
      responseRollupRows: histogram.size,
      predictions: predictions.length,
    },
  };
}
