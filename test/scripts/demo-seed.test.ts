/**
 * The demo seed runs on every `npm start`, against whatever the developer did in the UI since: it must
 * neither fail nor steal the simulator's number back from an org it was moved to. Runs the seed's real
 * SQL on SQLite with every migration applied, as wrangler's local D1 would.
 */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { demoPurchasesSql } from "../../scripts/lib/demo-purchases";
import { DEMO_ORG_ID, demoOrgSql } from "../../scripts/lib/demo-seed";
import { businessHoursBody, ruleBody } from "../../worker/schemas/automation";
import { DEMO_PHONE_NUMBER_ID } from "../peers/webhook-builders";

const VARS = { ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", META_ACCESS_TOKEN: "local-dev-access-token" };

function migratedDb(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  for (const file of readdirSync("migrations")
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    for (const statement of readFileSync(`migrations/${file}`, "utf8").split("--> statement-breakpoint")) db.exec(statement);
  }
  return db;
}

const owners = (db: DatabaseSync) =>
  db.prepare("SELECT id, org_id AS orgId FROM whatsapp_numbers WHERE phone_number_id = ?").all(DEMO_PHONE_NUMBER_ID);

describe("the demo seed", () => {
  it("gives the demo org its number, and is a no-op when run again", async () => {
    const db = migratedDb();
    db.exec(await demoOrgSql(VARS));
    db.exec(await demoOrgSql(VARS));
    expect(owners(db)).toEqual([{ id: "num_demo", orgId: "org_demo" }]);
  });

  it("seeds example automation rules the API would accept, and business hours, once", async () => {
    const db = migratedDb();
    db.exec(await demoOrgSql(VARS, { automation: true }));
    db.exec(await demoOrgSql(VARS, { automation: true }));
    const rules = db
      .prepare('SELECT name, "trigger", conditions, actions FROM automation_rules WHERE org_id = ? ORDER BY position')
      .all(DEMO_ORG_ID) as {
      name: string;
      trigger: string;
      conditions: string;
      actions: string;
    }[];
    expect(rules).toHaveLength(2);
    for (const r of rules)
      ruleBody.parse({ name: r.name, trigger: r.trigger, conditions: JSON.parse(r.conditions), actions: JSON.parse(r.actions) });
    const hours = db
      .prepare("SELECT time_zone AS timeZone, week, away_message AS away FROM business_hours WHERE org_id = ?")
      .get(DEMO_ORG_ID) as {
      timeZone: string;
      week: string;
      away: string;
    };
    expect(hours.timeZone).toBe("Europe/Lisbon");
    businessHoursBody.parse({
      enabled: true,
      timeZone: hours.timeZone,
      week: JSON.parse(hours.week),
      holidays: [],
      awayMessage: hours.away,
    });
    // Without the option (e2e, benchmarks) there are none.
    const plain = migratedDb();
    plain.exec(await demoOrgSql(VARS));
    expect(plain.prepare("SELECT count(*) AS n FROM automation_rules").get()).toEqual({ n: 0 });
  });

  it("gives the number back after it was disconnected in the UI", async () => {
    const db = migratedDb();
    db.exec(await demoOrgSql(VARS));
    db.exec("DELETE FROM whatsapp_numbers WHERE id = 'num_demo'");
    db.exec(await demoOrgSql(VARS));
    expect(owners(db)).toEqual([{ id: "num_demo", orgId: "org_demo" }]);
  });

  it("leaves the number with the org it was moved to, without failing", async () => {
    const db = migratedDb();
    db.exec(await demoOrgSql(VARS));
    db.exec("DELETE FROM whatsapp_numbers WHERE id = 'num_demo'");
    db.exec("INSERT INTO organizations (id, name) VALUES ('org_other', 'Other')");
    db.prepare(
      "INSERT INTO whatsapp_numbers (id, org_id, phone_number_id, waba_id, display_phone_number, access_token_sealed) VALUES ('num_moved', 'org_other', ?, 'w', '1', 'x')",
    ).run(DEMO_PHONE_NUMBER_ID);
    db.exec(await demoOrgSql(VARS));
    expect(owners(db)).toEqual([{ id: "num_moved", orgId: "org_other" }]);
  });

  it("seeds the demo's order history once: numbers follow the org's own orders, rollups count each order once", async () => {
    const db = migratedDb();
    db.exec(await demoOrgSql(VARS));
    // An order the developer made before this history existed keeps its number.
    db.exec("INSERT INTO contacts (id, org_id, wa_id, updated_at) VALUES ('ct_mine', 'org_demo', '351900000000', 0)");
    db.exec(
      "INSERT INTO orders (id, org_id, number, contact_id, status, source, currency, subtotal_minor, total_minor, updated_at) VALUES ('ord_mine', 'org_demo', 1, 'ct_mine', 'draft', 'agent', 'EUR', 100, 100, 0)",
    );
    const seed = () => {
      for (const statement of demoPurchasesSql(DEMO_ORG_ID)) db.exec(statement);
    };
    seed();
    seed();
    const numbers = db
      .prepare("SELECT number FROM orders WHERE org_id = 'org_demo' ORDER BY number")
      .all()
      .map((r) => r.number);
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    const [rollup] = db.prepare("SELECT sum(orders) AS orders, sum(revenue_minor) AS revenue FROM order_daily_rollups").all();
    // Bruno 22.00 + 30.99 + 22.00, Clara 34.99 + 25.00.
    expect(rollup).toEqual({ orders: 4, revenue: 2200 + 3099 + 2200 + 5999 });
    const [lines] = db.prepare("SELECT count(*) AS n, sum(quantity) AS q FROM product_daily_rollups").all();
    expect(lines).toEqual({ n: 6, q: 7 });
    expect(db.prepare("SELECT count(*) AS n FROM order_lines").all()).toEqual([{ n: 6 }]);
  });
});
