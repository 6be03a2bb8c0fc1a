/**
 * Business hours as pure time arithmetic: is the org open at an instant, and which closed period is it
 * (the away message goes out once per conversation per period, so the period needs a stable name).
 */
import { DAYS, type OpeningSpan } from "../schemas/automation";

export interface HoursSpec {
  timeZone: string;
  week: OpeningSpan[];
  holidays: string[];
}

interface LocalDay {
  date: string;
  day: (typeof DAYS)[number];
}

/** The instant's wall-clock date, weekday and minute of the day in the zone. */
export function localTime(instant: number, timeZone: string): LocalDay & { minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    day: get("weekday").slice(0, 3).toLowerCase() as LocalDay["day"],
    minute: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

export const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The day's opening spans as [open, close) minutes; none on a holiday. */
function spansOn(spec: HoursSpec, day: LocalDay): [number, number][] {
  if (spec.holidays.includes(day.date)) return [];
  return spec.week.filter((s) => s.day === day.day).map((s) => [minuteOf(s.open), minuteOf(s.close)]);
}

export function isOpen(spec: HoursSpec, instant: number): boolean {
  const t = localTime(instant, spec.timeZone);
  return spansOn(spec, t).some(([open, close]) => t.minute >= open && t.minute < close);
}

/** How far back to look for the last closing time; a longer closure is one period. */
const LOOKBACK_DAYS = 14;

/**
 * The closed period an instant falls in, named by when it began (`2026-12-07T18:00` local), or null when
 * open. Each day is stepped back in whole 24 h from the instant: local dates, so a DST change shifts
 * nothing but the hour it skips.
 */
export function closedPeriod(spec: HoursSpec, instant: number): string | null {
  if (isOpen(spec, instant)) return null;
  for (let back = 0; back <= LOOKBACK_DAYS; back++) {
    const t = localTime(instant - back * 86_400_000, spec.timeZone);
    const closes = spansOn(spec, t)
      .map(([, close]) => close)
      .filter((close) => back > 0 || close <= t.minute)
      .sort((a, b) => b - a);
    const last = closes[0];
    if (last !== undefined) return `${t.date}T${String(Math.floor(last / 60)).padStart(2, "0")}:${String(last % 60).padStart(2, "0")}`;
  }
  return "closed";
}

/** `between` a time of day (HH:MM, local); a span past midnight wraps (22:00–06:00). */
export function withinTimeOfDay(timeZone: string, instant: number, from: string, to: string): boolean {
  const m = localTime(instant, timeZone).minute;
  const a = minuteOf(from);
  const b = minuteOf(to);
  return a <= b ? m >= a && m < b : m >= a || m < b;
}

export { DAYS };
