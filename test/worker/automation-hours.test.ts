/** Business hours arithmetic: open or closed at an instant in the org's zone, and which closed period it is. */
import { describe, expect, it } from "vitest";
import { closedPeriod, isOpen, withinTimeOfDay } from "../../worker/automation/hours";
import type { OpeningSpan } from "../../worker/schemas/automation";

const weekdays = (["mon", "tue", "wed", "thu", "fri"] as const).map((day): OpeningSpan => ({ day, open: "09:00", close: "18:00" }));
const lisbon = { timeZone: "Europe/Lisbon", week: weekdays, holidays: ["2026-12-25"] };
const at = (iso: string) => Date.parse(iso);

describe("business hours", () => {
  it("is open inside a span in the org's zone, not the server's", () => {
    expect(isOpen(lisbon, at("2026-12-07T09:00:00Z"))).toBe(true); // Monday 09:00 in Lisbon (UTC+0 in winter)
    expect(isOpen(lisbon, at("2026-12-07T18:00:00Z"))).toBe(false); // closing time is closed
    expect(isOpen({ ...lisbon, timeZone: "America/New_York" }, at("2026-12-07T09:00:00Z"))).toBe(false); // 04:00 there
    expect(isOpen(lisbon, at("2026-12-25T10:00:00Z"))).toBe(false); // a holiday on a Friday
    expect(isOpen(lisbon, at("2026-12-12T10:00:00Z"))).toBe(false); // Saturday
  });

  it("names a closed period by when it began: one name from closing to opening, a new one the next evening", () => {
    const monEvening = closedPeriod(lisbon, at("2026-12-07T19:00:00Z"));
    expect(monEvening).toBe("2026-12-07T18:00");
    expect(closedPeriod(lisbon, at("2026-12-08T07:30:00Z"))).toBe(monEvening); // Tuesday before opening: same night
    expect(closedPeriod(lisbon, at("2026-12-08T12:00:00Z"))).toBeNull(); // open
    expect(closedPeriod(lisbon, at("2026-12-08T20:00:00Z"))).toBe("2026-12-08T18:00");
    // The weekend is one period, from Friday's close to Monday's opening.
    expect(closedPeriod(lisbon, at("2026-12-13T10:00:00Z"))).toBe("2026-12-11T18:00");
    // Closed all week: one period.
    expect(closedPeriod({ ...lisbon, week: [] }, at("2026-12-13T10:00:00Z"))).toBe("closed");
  });

  it("handles a time-of-day span past midnight", () => {
    expect(withinTimeOfDay("UTC", at("2026-12-07T23:30:00Z"), "22:00", "06:00")).toBe(true);
    expect(withinTimeOfDay("UTC", at("2026-12-07T05:59:00Z"), "22:00", "06:00")).toBe(true);
    expect(withinTimeOfDay("UTC", at("2026-12-07T12:00:00Z"), "22:00", "06:00")).toBe(false);
  });
});
