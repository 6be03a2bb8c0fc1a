/**
 * Settings → Automation's API: rules in order with their references checked on save, business hours,
 * the run log; bad input refused with a reason and nothing stored; agents and other orgs kept out.
 */
import { describe, expect, it } from "vitest";
import { addMember, signUpOwner, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";

interface Rule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  trigger: string;
}

const keywordRule = (name = "Pricing questions") => ({
  name,
  trigger: "message.received",
  conditions: [{ field: "message", op: "contains", value: "price, preço" }],
  actions: [{ type: "add_label", label: "pricing" }],
});

async function ownerWithLabel(): Promise<Member> {
  const owner = await signUpOwner();
  await expectJson(await owner.browser.post("/api/labels", { name: "pricing", color: "#2563eb" }), 201);
  return owner;
}

const rulesOf = async (m: Member) => (await expectJson<{ rules: Rule[] }>(await m.browser.get("/api/automation/rules"))).rules;

describe("automation rules", () => {
  it("creates rules at the end, edits, switches off, reorders and deletes them", async () => {
    const owner = await ownerWithLabel();
    const a = (await expectJson<{ rule: Rule }>(await owner.browser.post("/api/automation/rules", keywordRule("A")), 201)).rule;
    const b = (await expectJson<{ rule: Rule }>(await owner.browser.post("/api/automation/rules", keywordRule("B")), 201)).rule;
    expect([a.position, b.position]).toEqual([0, 1]);
    expect(a).toMatchObject({ enabled: true, trigger: "message.received" });

    const off = await expectJson<{ rule: Rule }>(
      await owner.browser.patch(`/api/automation/rules/${a.id}`, { enabled: false, name: "A2" }),
    );
    expect(off.rule).toMatchObject({ enabled: false, name: "A2" });

    const ordered = await expectJson<{ rules: Rule[] }>(
      await owner.browser.request("PUT", "/api/automation/rules/order", { ids: [b.id, a.id] }),
    );
    expect(ordered.rules.map((r) => r.name)).toEqual(["B", "A2"]);
    // A stale list (missing a rule) is refused and changes nothing.
    await expectError(await owner.browser.request("PUT", "/api/automation/rules/order", { ids: [a.id] }), 409, "rules_changed");
    expect((await rulesOf(owner)).map((r) => r.name)).toEqual(["B", "A2"]);

    expect(await expectJson(await owner.browser.delete(`/api/automation/rules/${b.id}`))).toEqual({ deleted: true });
    expect((await rulesOf(owner)).map((r) => r.id)).toEqual([a.id]);
  });

  it("refuses bad rules with the field and the reason, storing nothing", async () => {
    const owner = await ownerWithLabel();
    const post = (body: unknown) => owner.browser.post("/api/automation/rules", body);
    await expectError(await post({ ...keywordRule(), trigger: "moon.full" }), 400, "invalid_body", "trigger");
    await expectError(await post({ ...keywordRule(), actions: [] }), 400, "invalid_body", "Add at least one action");
    await expectError(await post({ ...keywordRule(), name: "" }), 400, "invalid_body", "name");
    await expectError(await post({ ...keywordRule(), extra: 1 }), 400, "invalid_body", "Unknown field");
    await expectError(await post({ ...keywordRule(), actions: [{ type: "launch_rocket" }] }), 400, "invalid_body");
    await expectError(
      await post({ ...keywordRule(), conditions: [{ field: "time", op: "between", from: "09:00" }] }),
      400,
      "invalid_body",
      "between needs from and to",
    );
    await expectError(
      await post({ ...keywordRule(), conditions: [{ field: "message", op: "matches", value: "([a-z" }] }),
      422,
      "invalid_regex",
    );
    await expectError(await post({ ...keywordRule(), actions: [{ type: "add_label", label: "nope" }] }), 422, "unknown_label");
    await expectError(await post({ ...keywordRule(), actions: [{ type: "set_stage", stage: "moon" }] }), 422, "unknown_stage");
    await expectError(
      await post({ ...keywordRule(), actions: [{ type: "set_field", key: "shoe_size", value: "42" }] }),
      422,
      "unknown_field",
    );
    await expectError(
      await post({ ...keywordRule(), actions: [{ type: "assign_agent", userId: "usr_not_here" }] }),
      422,
      "member_not_found",
    );
    await expectError(await owner.browser.request("POST", "/api/automation/rules", "{not json"), 400, "invalid_json");
    await expectError(await owner.browser.patch("/api/automation/rules/rule_nope", { enabled: false }), 404, "rule_not_found");
    await expectError(await owner.browser.get("/api/automation/runs?limit=0"), 400, "invalid_query");
    expect(await rulesOf(owner)).toEqual([]);
  });

  it("keeps agents out and never shows or touches another org's rules, runs or hours", async () => {
    const a = await ownerWithLabel();
    const b = await signUpOwner("Other");
    const agent = await addMember(a, "agent");
    const rule = (await expectJson<{ rule: Rule }>(await a.browser.post("/api/automation/rules", keywordRule()), 201)).rule;
    await expectJson(
      await a.browser.request("PUT", "/api/automation/business-hours", {
        enabled: true,
        timeZone: "Europe/Lisbon",
        week: [{ day: "mon", open: "09:00", close: "18:00" }],
        holidays: [],
        awayMessage: "We are closed",
      }),
    );

    await expectError(await agent.browser.get("/api/automation/rules"), 403, "forbidden");
    await expectError(await agent.browser.post("/api/automation/rules", keywordRule()), 403, "forbidden");

    expect(await rulesOf(b)).toEqual([]);
    expect((await expectJson<{ runs: unknown[] }>(await b.browser.get("/api/automation/runs"))).runs).toEqual([]);
    expect(
      (await expectJson<{ hours: { enabled: boolean; awayMessage: string | null } }>(await b.browser.get("/api/automation/business-hours")))
        .hours,
    ).toMatchObject({
      enabled: false,
      awayMessage: null,
    });
    await expectError(await b.browser.patch(`/api/automation/rules/${rule.id}`, { enabled: false }), 404, "rule_not_found");
    await expectError(await b.browser.delete(`/api/automation/rules/${rule.id}`), 404, "rule_not_found");
    await expectError(await b.browser.request("PUT", "/api/automation/rules/order", { ids: [rule.id] }), 409, "rules_changed");
    // Org A's rule and hours are as A left them.
    expect((await rulesOf(a))[0]).toMatchObject({ id: rule.id, enabled: true, position: 0 });
    expect(
      (await expectJson<{ hours: { awayMessage: string } }>(await a.browser.get("/api/automation/business-hours"))).hours.awayMessage,
    ).toBe("We are closed");
  });
});

describe("business hours", () => {
  it("saves a week, holidays and an away message, and refuses impossible hours", async () => {
    const owner = await signUpOwner();
    const put = (body: unknown) => owner.browser.request("PUT", "/api/automation/business-hours", body);
    const good = {
      enabled: true,
      timeZone: "Europe/Lisbon",
      week: [
        { day: "mon", open: "09:00", close: "13:00" },
        { day: "mon", open: "14:00", close: "18:00" },
      ],
      holidays: ["2026-12-25", "2026-12-25", "2026-12-24"],
      awayMessage: "Back at 9",
    };
    const { hours } = await expectJson<{ hours: { holidays: string[]; week: unknown[] } }>(await put(good));
    expect(hours.holidays).toEqual(["2026-12-24", "2026-12-25"]);
    expect(hours.week).toHaveLength(2);
    await expectError(await put({ ...good, timeZone: "Mars/Olympus" }), 400, "invalid_time_zone");
    await expectError(await put({ ...good, week: [{ day: "tue", open: "18:00", close: "09:00" }] }), 422, "invalid_hours");
    await expectError(await put({ ...good, week: [{ day: "tue", open: "9am", close: "18:00" }] }), 400, "invalid_body", "HH:MM");
    await expectError(await put({ ...good, holidays: ["25/12/2026"] }), 400, "invalid_body", "YYYY-MM-DD");
    const saved = await expectJson<{ hours: { timeZone: string; awayMessage: string } }>(
      await owner.browser.get("/api/automation/business-hours"),
    );
    expect(saved.hours).toMatchObject({ timeZone: "Europe/Lisbon", awayMessage: "Back at 9" });
  });
});
