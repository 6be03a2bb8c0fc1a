/**
 * The demo seed runs on every `npm start`, against whatever the developer did in the UI since: it must
 * neither fail nor steal the simulator's number back from an org it was moved to. Runs the seed's real
 * SQL on SQLite with every migration applied, as wrangler's local D1 would.
 */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { demoOrgSql } from "../../scripts/lib/demo-seed";
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
});
