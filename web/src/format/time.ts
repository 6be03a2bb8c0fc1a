/** Times as people read them: "just now", "5 min ago", "in 6 days", with the exact time a hover away. */
import { signal } from "@preact/signals";

/** Ticks every 30 s so relative times stay true on a page left open all day. */
export const now = signal(Date.now());
setInterval(() => (now.value = Date.now()), 30_000);

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

export function relativeTime(at: number, from: number): string {
  const diff = at - from;
  if (Math.abs(diff) < 45_000) return "just now";
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "minute") return relative.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

export const exactTime = (at: number): string => exact.format(at);
export const calendarDay = (at: number): string => day.format(at);
