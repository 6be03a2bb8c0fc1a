/**
 * The demo's order history (`npm start` only): two customers who bought over the past weeks, so Orders,
 * the dashboard, a contact's purchases and "Due to reorder" have something to show on a first start.
 * Bruno Costa buys clay every three weeks (due this week) and once bought glaze (a product with a 30-day
 * cycle: overdue); Clara Schmidt bought a teapot and mugs. Their contacts are created here with the
 * numbers they write from, so the seeded conversations land on them.
 *
 * Plain SQL, idempotent: fixed ids, and each order's rollup increments run only while that order does not
 * exist yet. History and predictions are derived by Parley itself afterwards (the dev rebuild route).
 */
const DAY_MS = 86_400_000;
const utcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const DEMO_BUYERS = [
  { id: "ct_demo_bruno", waId: "351934567890", name: "Bruno Costa" },
  { id: "ct_demo_clara", waId: "4915123456789", name: "Clara Schmidt" },
] as const;

interface DemoOrder {
  id: string;
  contactId: string;
  daysAgo: number;
  /** SKU (as seeded in demo-seed's catalog), quantity, unit price in cents. */
  lines: [string, number, number][];
}

/** Oldest first, so their numbers follow their dates. */
const ORDERS: DemoOrder[] = [
  { id: "ord_demo_b1", contactId: "ct_demo_bruno", daysAgo: 59, lines: [["SKU-CLAY-5KG", 1, 2200]] },
  {
    id: "ord_demo_b2",
    contactId: "ct_demo_bruno",
    daysAgo: 38,
    lines: [
      ["SKU-CLAY-5KG", 1, 2200],
      ["SKU-GLAZE-01", 1, 899],
    ],
  },
  {
    id: "ord_demo_c1",
    contactId: "ct_demo_clara",
    daysAgo: 26,
    lines: [
      ["SKU-TEAPOT-01", 1, 3499],
      ["SKU-MUG-BLUE", 2, 1250],
    ],
  },
  { id: "ord_demo_b3", contactId: "ct_demo_bruno", daysAgo: 17, lines: [["SKU-CLAY-5KG", 1, 2200]] },
];

export function demoPurchasesSql(orgId: string, now = Date.now()): string[] {
  const org = q(orgId);
  const contacts = DEMO_BUYERS.map(
    (b) => `INSERT OR IGNORE INTO contacts (id, org_id, wa_id, profile_name, created_at, updated_at)
     SELECT ${q(b.id)}, ${org}, ${q(b.waId)}, ${q(b.name)}, ${now - 70 * DAY_MS}, ${now}
     WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE org_id = ${org} AND wa_id = ${q(b.waId)});`,
  );
  return [...contacts, ...ORDERS.flatMap((o) => orderSql(org, o, now))];
}

function orderSql(org: string, o: DemoOrder, now: number): string[] {
  const at = now - o.daysAgo * DAY_MS;
  const day = utcDay(at);
  const total = o.lines.reduce((n, [, qty, price]) => n + qty * price, 0);
  const missing = `NOT EXISTS (SELECT 1 FROM orders WHERE id = ${q(o.id)})`;
  const product = (sku: string) => `(SELECT id FROM products WHERE org_id = ${org} AND sku = ${q(sku)})`;
  // A contact the developer deleted (or an org without the demo catalog) skips the order rather than failing.
  const contact = `(SELECT id FROM contacts WHERE org_id = ${org} AND (id = ${q(o.contactId)} OR wa_id = ${q(waIdOf(o.contactId))}) ORDER BY id = ${q(o.contactId)} DESC LIMIT 1)`;
  return [
    // Rollups first, while the order is still missing: a second run adds nothing.
    `INSERT INTO order_daily_rollups (org_id, day, currency, orders, revenue_minor)
     SELECT ${org}, ${day}, 'EUR', 1, ${total} WHERE ${missing} AND ${contact} IS NOT NULL
     ON CONFLICT (org_id, day, currency) DO UPDATE SET orders = orders + excluded.orders, revenue_minor = revenue_minor + excluded.revenue_minor;`,
    ...o.lines.map(
      ([sku, qty, price]) => `INSERT INTO product_daily_rollups (org_id, day, product_id, currency, quantity, revenue_minor)
     SELECT ${org}, ${day}, ${product(sku)}, 'EUR', ${qty}, ${qty * price} WHERE ${missing} AND ${contact} IS NOT NULL AND ${product(sku)} IS NOT NULL
     ON CONFLICT (org_id, day, product_id, currency) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_minor = revenue_minor + excluded.revenue_minor;`,
    ),
    `INSERT OR IGNORE INTO orders (id, org_id, number, contact_id, status, source, currency, subtotal_minor, total_minor, placed_at, created_at, updated_at)
     SELECT ${q(o.id)}, ${org}, (SELECT coalesce(max(number), 0) + 1 FROM orders WHERE org_id = ${org}), ${contact}, 'delivered', 'import', 'EUR', ${total}, ${total}, ${at}, ${at}, ${at + 3 * DAY_MS}
     WHERE ${contact} IS NOT NULL;`,
    ...o.lines.map(
      (
        [sku, qty, price],
        i,
      ) => `INSERT OR IGNORE INTO order_lines (id, order_id, org_id, position, product_id, sku, name, quantity, unit_price_minor, line_total_minor)
     SELECT ${q(`${o.id}_${i}`)}, id, org_id, ${i}, ${product(sku)}, ${q(sku)}, coalesce((SELECT name FROM products WHERE org_id = ${org} AND sku = ${q(sku)}), ${q(sku)}), ${qty}, ${price}, ${qty * price}
     FROM orders WHERE id = ${q(o.id)};`,
    ),
    ...(
      [
        ["draft", null, 0],
        ["confirmed", "draft", 0],
        ["shipped", "confirmed", 1],
        ["delivered", "shipped", 3],
      ] as const
    ).map(
      ([to, from, after]) => `INSERT OR IGNORE INTO order_events (id, order_id, org_id, from_status, to_status, actor_id, note, at)
     SELECT ${q(`${o.id}_${to}`)}, id, org_id, ${from ? q(from) : "NULL"}, ${q(to)}, NULL, NULL, ${at + after * DAY_MS} FROM orders WHERE id = ${q(o.id)};`,
    ),
  ];
}

function waIdOf(contactId: string): string {
  return DEMO_BUYERS.find((b) => b.id === contactId)!.waId;
}
