/** Wall-clock time in an IANA time zone → UTC milliseconds, with the runtime's own zone data (Intl). */
import { AppError } from "../errors";

export function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    throw new AppError(400, "invalid_time_zone", `"${timeZone}" is not a time zone; use a name like Europe/Lisbon.`);
  }
}

/** `2026-12-08T09:00` in Europe/Lisbon → the instant; a time skipped by a DST change moves forward. */
export function zonedToUtc(local: string, timeZone: string): number {
  const [date, time] = local.split("T") as [string, string];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  const first = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(first, timeZone);
  return Number.isNaN(second) ? Number.NaN : second;
}

/** The zone's offset from UTC at an instant, in ms (Lisbon in summer: +3,600,000). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}
