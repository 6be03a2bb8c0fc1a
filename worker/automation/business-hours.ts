/** The org's business hours as stored: read (with a closed-by-default shape when never set) and saved. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { businessHours, type BusinessHours } from "../../db/tables/automation";
import { checkTimeZone } from "../campaigns/zoned-time";
import { AppError } from "../errors";
import type { BusinessHoursBody } from "../schemas/automation";
import { minuteOf } from "./hours";

export type BusinessHoursView = Omit<BusinessHours, "orgId">;

const NEVER_SET: BusinessHoursView = { enabled: false, timeZone: "UTC", week: [], holidays: [], awayMessage: null, updatedAt: 0 };

export async function getBusinessHours(db: Db, orgId: string): Promise<BusinessHoursView> {
  const row = await db.select().from(businessHours).where(eq(businessHours.orgId, orgId)).get();
  if (!row) return NEVER_SET;
  const { orgId: _o, ...hours } = row;
  return hours;
}

export async function saveBusinessHours(db: Db, orgId: string, body: BusinessHoursBody, now = Date.now()): Promise<BusinessHoursView> {
  checkTimeZone(body.timeZone);
  for (const [i, span] of body.week.entries()) {
    if (minuteOf(span.open) >= minuteOf(span.close))
      throw new AppError(
        422,
        "invalid_hours",
        `week.${i}: ${span.day} opens at ${span.open}, which is not before it closes (${span.close}).`,
      );
  }
  const hours: BusinessHoursView = { ...body, holidays: [...new Set(body.holidays)].sort(), updatedAt: now };
  await db
    .insert(businessHours)
    .values({ orgId, ...hours })
    .onConflictDoUpdate({ target: businessHours.orgId, set: hours });
  return hours;
}
