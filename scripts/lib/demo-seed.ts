/**
 * The demo organization: an org and its WhatsApp number in D1 (SQL, idempotent), then conversations with
 * history sent as signed webhooks, exactly as Meta would. Fixed wamids make a re-run a no-op (dedupe).
 */
import { hashPassword } from "../../worker/auth/passwords";
import { seal, sealingKeysFromEnv } from "../../worker/crypto/secret-box";
import { DEFAULT_TEMPLATES } from "../../test/peers/meta-templates";
import { DEFAULT_MEDIA_ID, DEFAULT_MEDIA_MIME_TYPE, DEFAULT_MEDIA_BYTES, mediaSha256 } from "../../test/peers/meta-media";
import {
  DEMO_DISPLAY_PHONE_NUMBER,
  DEMO_PHONE_NUMBER_ID,
  DEMO_WABA_ID,
  inboundMessageBody,
  signedWebhook,
  type InboundMessageInput,
} from "../../test/peers/webhook-builders";

export const DEMO_ORG_ID = "org_demo";
const DEMO_NUMBER_ID = "num_demo";
/** Local only: printed by `npm start` so a newcomer can sign in and watch the inbox. */
export const DEMO_LOGIN = { email: "demo@parley.local", password: "parley-demo-2026" } as const;

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * `ai`: switch AI on for the demo org with a knowledge base; `automation`: example rules and business hours
 * (both for npm start; off for benchmarks and e2e runs, whose tests set up their own).
 */
export async function demoOrgSql(
  vars: { ENCRYPTION_KEY: string; META_ACCESS_TOKEN: string; PASSWORD_PEPPER?: string },
  options: { ai?: boolean; automation?: boolean } = {},
): Promise<string> {
  const sealed = await seal(sealingKeysFromEnv(vars.ENCRYPTION_KEY), vars.META_ACCESS_TOKEN, DEMO_NUMBER_ID);
  const owner = vars.PASSWORD_PEPPER
    ? `INSERT INTO users (id, org_id, email, name, role, password_hash, updated_at)
       VALUES ('usr_demo', ${sqlString(DEMO_ORG_ID)}, ${sqlString(DEMO_LOGIN.email)}, 'Dana Demo', 'owner', ${sqlString(await hashPassword(DEMO_LOGIN.password, vars.PASSWORD_PEPPER))}, ${Date.now()})
       ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash;`
    : "";
  return [
    `INSERT OR IGNORE INTO organizations (id, name) VALUES (${sqlString(DEMO_ORG_ID)}, 'Lisbon Ceramics (demo)');`,
    // The demo org gets the simulator's number back only while nobody owns it: a number disconnected in
    // the UI returns on the next start, one moved to another org through the UI stays there.
    `INSERT INTO whatsapp_numbers (id, org_id, phone_number_id, waba_id, display_phone_number, verified_name, access_token_sealed)
     SELECT ${sqlString(DEMO_NUMBER_ID)}, ${sqlString(DEMO_ORG_ID)}, ${sqlString(DEMO_PHONE_NUMBER_ID)}, ${sqlString(DEMO_WABA_ID)}, ${sqlString(DEMO_DISPLAY_PHONE_NUMBER)}, 'Lisbon Ceramics', ${sqlString(sealed)}
     WHERE NOT EXISTS (SELECT 1 FROM whatsapp_numbers WHERE phone_number_id = ${sqlString(DEMO_PHONE_NUMBER_ID)} AND id <> ${sqlString(DEMO_NUMBER_ID)})
     ON CONFLICT (id) DO UPDATE SET access_token_sealed = excluded.access_token_sealed;`,
    owner,
    ...demoTemplatesSql(),
    ...demoProductsSql(),
    ...demoAudienceSql(),
    ...demoCrmSql(),
    demoCannedSql(),
    ...(options.ai ? demoAiSql() : []),
    ...(options.automation ? demoAutomationSql() : []),
  ].join("\n");
}

/** A small catalog whose retailer ids match the demo catalog order (and `simulate --order`). */
function demoProductsSql(): string[] {
  const now = Date.now();
  const products: [string, string, number, string, number | null][] = [
    ["SKU-TEAPOT-01", "Blue teapot", 3499, "SKU-TEAPOT-01", null],
    ["SKU-MUG-BLUE", "Blue mug", 1250, "SKU-MUG-BLUE", 60],
    ["SKU-GLAZE-01", "Glaze refill 250 ml", 899, "SKU-GLAZE-01", 30],
    ["SKU-CLAY-5KG", "Stoneware clay 5 kg", 2200, "SKU-CLAY-5KG", 21],
  ];
  return products.map(
    ([
      sku,
      name,
      price,
      retailerId,
      interval,
    ]) => `INSERT INTO products (id, org_id, sku, name, price_minor, currency, unit, active, retailer_id, reorder_interval_days, updated_at)
     VALUES (${sqlString(`prd_demo_${sku}`)}, ${sqlString(DEMO_ORG_ID)}, ${sqlString(sku)}, ${sqlString(name)}, ${price}, 'EUR', 'unit', 1, ${sqlString(retailerId)}, ${interval ?? "NULL"}, ${now})
     ON CONFLICT (org_id, sku) DO NOTHING;`,
  );
}

/** The peer's templates, as if synced, so the campaign editor has approved ones to pick from. */
function demoTemplatesSql(): string[] {
  const now = Date.now();
  return DEFAULT_TEMPLATES.map(
    (t) => `INSERT INTO templates (id, org_id, waba_id, name, language, status, category, components, updated_at)
     VALUES (${sqlString(`tpl_demo_${t.id}`)}, ${sqlString(DEMO_ORG_ID)}, ${sqlString(DEMO_WABA_ID)}, ${sqlString(t.name)}, ${sqlString(t.language)}, ${sqlString(t.status)}, ${sqlString(t.category)}, ${sqlString(JSON.stringify(t.components))}, ${now})
     ON CONFLICT (org_id, waba_id, name, language) DO NOTHING;`,
  );
}

/**
 * Newsletter contacts with no conversation yet, for a first campaign: a few opted out, one who never
 * opted in, one without a number, one sharing a number, so the editor's exclusion counts show something.
 */
function demoAudienceSql(): string[] {
  const names = ["Inês", "Tomás", "Marta", "Rui", "Sofia", "Diogo", "Beatriz", "Miguel", "Leonor", "Afonso", "Carolina", "Duarte"];
  const now = Date.now();
  const rows = names.map((name, i) => {
    const waId = i === 11 ? "'351910000001'" : `'3519100000${String(i).padStart(2, "0")}'`;
    const optOut = i === 4 || i === 7 ? now : "NULL";
    return `(${sqlString(`ct_demo_news_${i}`)}, ${sqlString(DEMO_ORG_ID)}, ${i === 9 ? "NULL" : waId}, ${i === 9 ? "'US.demo-no-number'" : "NULL"}, ${sqlString(`${name} Silva`)}, '["newsletter","product:teapot"]', ${optOut}, ${i === 2 ? "NULL" : now}, ${i === 2 ? "NULL" : "'import'"}, ${now + i}, ${now})`;
  });
  return [
    `INSERT OR IGNORE INTO contacts (id, org_id, wa_id, user_id, profile_name, tags, marketing_opt_out_at, marketing_opt_in_at, marketing_opt_in_source, created_at, updated_at) VALUES
     ${rows.join(",\n     ")};`,
  ];
}

const DAY = 86_400_000;

/**
 * A living CRM: the org's custom fields, labels and stages, and a few dozen customers spread over the
 * stages with owners, lead scores, field values, consent and a stage history, plus two likely duplicate
 * pairs for the Duplicates screen. Inserted once (fixed ids): a restart keeps whatever the team changed.
 */
function demoCrmSql(): string[] {
  const now = Date.now();
  const fields = [
    ["tier", "Tier", "select", '["Gold","Silver","Bronze"]'],
    ["wholesale", "Wholesale", "boolean", "[]"],
    ["birthday", "Birthday", "date", "[]"],
    ["favourite_glaze", "Favourite glaze", "text", "[]"],
  ];
  const stages = [
    ["new_lead", "New lead", "#3b82f6"],
    ["qualified", "Qualified", "#8b5cf6"],
    ["customer", "Customer", "#10b981"],
    ["repeat_customer", "Repeat customer", "#059669"],
    ["churned", "Churned", "#6b7280"],
  ];
  const first = ["Ana", "João", "Maria", "Pedro", "Rita", "Hugo", "Clara", "Nuno", "Joana", "André", "Filipa", "Ricardo"];
  const last = ["Ferreira", "Costa", "Santos", "Oliveira", "Pereira", "Almeida"];
  const cities = ["Lisboa", "Porto", "Coimbra", "Faro", "Braga", "Madrid", "London"];
  const glazes = ["Celadon", "Cobalt blue", "Tenmoku", "Shino", "Ash"];
  const rows: string[] = [];
  const events: string[] = [];
  for (let i = 0; i < 36; i++) {
    const name = `${first[i % first.length]} ${last[(i * 5) % last.length]}`;
    const stage = stages[[0, 0, 1, 1, 2, 2, 2, 3, 3, 4][i % 10]!]![0]!;
    const created = now - (90 - i * 2) * DAY;
    const tier = ["Gold", "Silver", "Bronze"][i % 3];
    const custom = JSON.stringify({
      tier,
      wholesale: i % 4 === 0,
      ...(i % 3 === 0 && { birthday: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}` }),
      favourite_glaze: glazes[i % glazes.length],
    });
    const tags = JSON.stringify([["teapots"], ["mugs", "gift"], ["studio"], ["clay", "wholesale"]][i % 4]);
    const labels = JSON.stringify(i % 4 === 0 ? ["Wholesale"] : i % 7 === 0 ? ["VIP"] : []);
    const email = `${name
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z ]/g, "")
      .replace(" ", ".")}${i}@example.com`;
    const address = JSON.stringify({ city: cities[i % cities.length], country: i % 7 === 5 ? "ES" : i % 7 === 6 ? "GB" : "PT" });
    const optIn = i % 5 === 4 ? "NULL" : String(created);
    rows.push(
      `(${sqlString(`ct_demo_crm_${i}`)}, ${sqlString(DEMO_ORG_ID)}, '3519120000${String(i).padStart(2, "0")}', ${sqlString(name)}, ${sqlString(email)}, ${sqlString(address)}, 'pt-PT', ${sqlString(tags)}, ${sqlString(labels)}, ${sqlString(stage)}, ${created + DAY}, ${(i * 37) % 101}, 'manual', ${created + DAY}, ${sqlString(custom)}, ${i % 3 === 0 ? "'usr_demo'" : "NULL"}, ${optIn}, ${i % 5 === 4 ? "NULL" : "'import'"}, ${i % 5 === 4 ? "NULL" : "'Signed up at the studio shop'"}, 1, ${created}, ${created + DAY})`,
    );
    if (stage !== "new_lead") {
      events.push(
        `(${sqlString(`ce_demo_crm_${i}`)}, ${sqlString(DEMO_ORG_ID)}, ${sqlString(`ct_demo_crm_${i}`)}, 'stage', ${sqlString(JSON.stringify({ from: "new_lead", to: stage }))}, 'usr_demo', ${created + DAY})`,
      );
    }
  }
  // Likely duplicates: the same email, and the same name with the number written without its country code.
  rows.push(
    `('ct_demo_crm_dup_email', ${sqlString(DEMO_ORG_ID)}, NULL, 'Ana F.', 'ana.ferreira0@example.com', NULL, NULL, '["fair"]', '[]', 'new_lead', NULL, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, 1, ${now - 10 * DAY}, ${now - 10 * DAY})`,
    `('ct_demo_crm_dup_name', ${sqlString(DEMO_ORG_ID)}, '34612000003', 'Pedro Oliveira', NULL, NULL, NULL, '[]', '[]', NULL, NULL, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, 1, ${now - 5 * DAY}, ${now - 5 * DAY})`,
  );
  return [
    ...fields.map(
      ([key, label, type, options], position) =>
        `INSERT INTO custom_field_defs (id, org_id, key, label, type, options, position) VALUES (${sqlString(`cf_demo_${key}`)}, ${sqlString(DEMO_ORG_ID)}, ${sqlString(key!)}, ${sqlString(label!)}, ${sqlString(type!)}, ${sqlString(options!)}, ${position}) ON CONFLICT (org_id, key) DO NOTHING;`,
    ),
    `INSERT OR IGNORE INTO lifecycle_stages (org_id, key, name, position, color) VALUES ${stages
      .map(
        ([key, name, color], position) =>
          `(${sqlString(DEMO_ORG_ID)}, ${sqlString(key!)}, ${sqlString(name!)}, ${position}, ${sqlString(color!)})`,
      )
      .join(", ")};`,
    `INSERT OR IGNORE INTO labels (id, org_id, name, color) VALUES ('lbl_demo_wholesale', ${sqlString(DEMO_ORG_ID)}, 'Wholesale', '#0ea5e9'), ('lbl_demo_vip', ${sqlString(DEMO_ORG_ID)}, 'VIP', '#f59e0b');`,
    `INSERT OR IGNORE INTO contacts (id, org_id, wa_id, display_name, email, address, language, tags, labels, stage, stage_changed_at, lead_score, lead_score_source, lead_score_at, custom_fields, owner_id, marketing_opt_in_at, marketing_opt_in_source, marketing_opt_in_basis, version, created_at, updated_at) VALUES
     ${rows.join(",\n     ")};`,
    `INSERT OR IGNORE INTO contact_events (id, org_id, contact_id, kind, detail, by_user_id, at) VALUES ${events.join(", ")};`,
  ];
}

/** A few saved replies for the demo, inserted only into an org that has none (so edits and deletes stick). */
const DEMO_CANNED = [
  { shortcut: "hours", title: "Opening hours", body: "We're open Monday to Saturday, 10:00–19:00 (Lisbon time)." },
  { shortcut: "thanks", title: "Thank you", body: "Thank you for your order! We'll let you know as soon as it ships." },
  {
    shortcut: "returns",
    title: "Returns",
    body: "You can return any piece within 30 days. Just reply here and we'll arrange the pick-up.",
  },
];

function demoCannedSql(): string {
  const rows = DEMO_CANNED.map(
    (r) => `(${sqlString(`can_demo_${r.shortcut}`)}, ${sqlString(r.shortcut)}, ${sqlString(r.title)}, ${sqlString(r.body)}, ${Date.now()})`,
  );
  return `INSERT INTO canned_responses (id, org_id, shortcut, title, body, updated_at)
     SELECT column1, ${sqlString(DEMO_ORG_ID)}, column2, column3, column4, column5 FROM (VALUES ${rows.join(", ")})
     WHERE NOT EXISTS (SELECT 1 FROM canned_responses WHERE org_id = ${sqlString(DEMO_ORG_ID)});`;
}

/** The demo has AI switched on (answered by the local stand-in) and a small knowledge base to draft from. */
const DEMO_FACTS: [string, "faq" | "policy" | "product", string, string][] = [
  [
    "kb_demo_teapot",
    "product",
    "Blue teapot (bule azul)",
    "Hand-glazed in Caldas da Rainha, 1 litre, dishwasher safe. Its price comes from the catalog (Sales → Products).",
  ],
  ["kb_demo_mugs", "product", "Espresso cups, set of 4", "The espresso cup set costs 24,00 € and ships in 2 working days."],
  [
    "kb_demo_shipping",
    "policy",
    "Shipping and delivery",
    "Delivery to Lisbon takes 1 working day, the rest of Portugal 2 days, free over 50 €.",
  ],
  ["kb_demo_returns", "policy", "Returns and refunds", "Returns are free within 30 days; refunds take up to 5 working days."],
  ["kb_demo_gift", "faq", "Gift wrapping", "Gift wrapping costs 3,00 € per parcel, with a handwritten card."],
];

function demoAiSql(): string[] {
  const now = Date.now();
  const features = JSON.stringify({ summaries: true, drafts: true, intent: true, leadScore: true, autoReply: true });
  const hours = JSON.stringify({ timeZone: "Europe/Lisbon", days: [1, 2, 3, 4, 5], openMinute: 540, closeMinute: 1080 });
  const intents = JSON.stringify(["order", "pricing", "support", "complaint", "delivery", "spam"]);
  return [
    `INSERT OR IGNORE INTO ai_settings (org_id, enabled, features, model, monthly_budget_cents, auto_reply_mode, business_hours, intents, updated_at)
     VALUES (${sqlString(DEMO_ORG_ID)}, 1, ${sqlString(features)}, NULL, 500, 'outside_hours', ${sqlString(hours)}, ${sqlString(intents)}, ${now});`,
    ...DEMO_FACTS.map(
      ([id, kind, title, body]) =>
        `INSERT OR IGNORE INTO ai_knowledge (id, org_id, kind, title, body, updated_at) VALUES (${sqlString(id)}, ${sqlString(DEMO_ORG_ID)}, '${kind}', ${sqlString(title)}, ${sqlString(body)}, ${now});`,
    ),
  ];
}

/** Two example rules and Lisbon business hours with an away message (Settings → Automation). */
function demoAutomationSql(): string[] {
  const now = Date.now();
  const rules = [
    {
      id: "rule_demo_wholesale",
      name: "Wholesale enquiries to the team",
      trigger: "message.received",
      conditions: [
        { field: "message", op: "contains", value: "wholesale, revenda, atacado, bulk" },
        { field: "assignee", op: "is_not_set" },
      ],
      actions: [
        { type: "assign_round_robin", userIds: [] },
        { type: "add_label", label: "Wholesale" },
      ],
    },
    {
      id: "rule_demo_welcome",
      name: "Tag and brief on a first message",
      trigger: "message.first",
      conditions: [],
      actions: [
        { type: "add_tag", tag: "new-customer" },
        { type: "add_note", text: "New customer: send the catalog link and ask which city they are in." },
      ],
    },
  ];
  const week = [
    ...["mon", "tue", "wed", "thu", "fri"].map((day) => ({ day, open: "09:00", close: "18:00" })),
    { day: "sat", open: "10:00", close: "13:00" },
  ];
  return [
    ...rules.map(
      (r, position) =>
        `INSERT OR IGNORE INTO automation_rules (id, org_id, name, position, enabled, "trigger", conditions, actions, created_at, updated_at) VALUES (${sqlString(r.id)}, ${sqlString(DEMO_ORG_ID)}, ${sqlString(r.name)}, ${position}, 1, ${sqlString(r.trigger)}, ${sqlString(JSON.stringify(r.conditions))}, ${sqlString(JSON.stringify(r.actions))}, ${now}, ${now});`,
    ),
    `INSERT OR IGNORE INTO business_hours (org_id, enabled, time_zone, week, holidays, away_message, updated_at) VALUES (${sqlString(DEMO_ORG_ID)}, 1, 'Europe/Lisbon', ${sqlString(JSON.stringify(week))}, ${sqlString(JSON.stringify(["2026-12-25", "2027-01-01"]))}, ${sqlString("Obrigado pela mensagem! The studio is closed now; we answer from 9:00 (Lisbon time).")}, ${now});`,
  ];
}

interface DemoCustomer {
  waId: string;
  name: string;
  messages: (InboundMessageInput & { id: string })[];
}

const t0 = Math.floor(Date.now() / 1000) - 3 * 3600;
const ts = (minutes: number) => String(t0 + minutes * 60);

const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    waId: "351912345678",
    name: "Alice Moreno",
    messages: [
      { id: "wamid.demo-alice-1", type: "text", text: { body: "Hi! Do you ship to Lisbon?" }, timestamp: ts(0) },
      { id: "wamid.demo-alice-2", type: "text", text: { body: "I'd like the blue teapot, is it in stock?" }, timestamp: ts(2) },
      {
        id: "wamid.demo-alice-3",
        type: "image",
        image: { id: DEFAULT_MEDIA_ID, mime_type: DEFAULT_MEDIA_MIME_TYPE, sha256: mediaSha256(DEFAULT_MEDIA_BYTES), caption: "This one" },
        timestamp: ts(3),
      },
      {
        id: "wamid.demo-alice-order",
        type: "order",
        order: {
          catalog_id: "demo-catalog",
          text: "The teapot and two mugs, please",
          product_items: [
            { product_retailer_id: "SKU-TEAPOT-01", quantity: 1, item_price: 34.99, currency: "EUR" },
            { product_retailer_id: "SKU-MUG-BLUE", quantity: 2, item_price: 12.5, currency: "EUR" },
          ],
        },
        timestamp: ts(5),
      },
    ],
  },
  {
    waId: "351934567890",
    name: "Bruno Costa",
    messages: [
      { id: "wamid.demo-bruno-1", type: "text", text: { body: "Boa tarde! Can I change my delivery address?" }, timestamp: ts(30) },
      {
        id: "wamid.demo-bruno-2",
        type: "location",
        location: { latitude: 38.7223, longitude: -9.1393, name: "Avenida da Liberdade 110", address: "1250-146 Lisboa" },
        timestamp: ts(31),
      },
    ],
  },
  {
    waId: "4915123456789",
    name: "Clara Schmidt",
    messages: [
      {
        id: "wamid.demo-clara-1",
        type: "text",
        text: { body: "Do you have gift wrapping? 🎁" },
        timestamp: ts(90),
        // She tapped a click-to-WhatsApp ad: the contact panel says so ("Came from ad: …").
        referral: {
          source_url: "https://fb.me/parley-demo-teapots",
          source_id: "120210000000000001",
          source_type: "ad",
          headline: "Hand-made teapots, gift-wrapped",
          body: "Order on WhatsApp, we wrap it for free.",
          media_type: "image",
          ctwa_clid: "ARAkDemoClickId0001",
        },
      },
    ],
  },
];

/** Sends the demo history to a running Parley; returns how many messages were new. */
export async function seedDemoConversations(parleyUrl: string, appSecret: string): Promise<number> {
  let stored = 0;
  for (const c of DEMO_CUSTOMERS) {
    const body = inboundMessageBody({
      phoneNumberId: DEMO_PHONE_NUMBER_ID,
      displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
      from: c.waId,
      name: c.name,
      message: c.messages,
    });
    const { payload, headers } = signedWebhook(appSecret, body);
    const res = await fetch(`${parleyUrl}/webhooks/whatsapp`, { method: "POST", headers, body: payload });
    if (!res.ok) throw new Error(`seeding ${c.name} failed: ${res.status} ${await res.text()}`);
    stored += ((await res.json()) as { stored: number }).stored;
  }
  await rebuildDemoPurchaseHistory(parleyUrl);
  return stored;
}

/**
 * The seeded orders (demo-purchases.ts) went into D1 as rows, not through status moves: Parley derives the
 * purchase history and reorder predictions from them through the local-only dev route (DEV_TOOLS=1, as in
 * .dev.vars.example). Without it the orders still show; the predictions come with the next order change.
 */
async function rebuildDemoPurchaseHistory(parleyUrl: string): Promise<void> {
  // The API's CSRF check is a double submit; a script sends both halves itself.
  const res = await fetch(`${parleyUrl}/api/dev/orgs/${DEMO_ORG_ID}/purchase-history/rebuild`, {
    method: "POST",
    headers: { cookie: "__Host-wa_csrf_token=demo-seed", "x-csrf-token": "demo-seed" },
  });
  if (!res.ok) console.warn(`Demo purchase history not rebuilt (${res.status}): is DEV_TOOLS=1 in .dev.vars?`);
}
