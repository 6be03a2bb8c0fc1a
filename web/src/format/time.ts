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

const clock = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const shortDate = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });
const longDayYear = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
const dayWords = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

const startOfDay = (at: number): number => new Date(at).setHours(0, 0, 0, 0);
/** Whole calendar days from `at` to `from` (0 = same day), in local time. */
export const daysAgo = (at: number, from: number): number => Math.round((startOfDay(from) - startOfDay(at)) / 86_400_000);

export const clockTime = (at: number): string => clock.format(at);

/** A list row's stamp: the time today, "Tue" this week, "12 Mar" before. */
export function listStamp(at: number, from: number): string {
  const days = daysAgo(at, from);
  if (days <= 0) return clock.format(at);
  if (days < 7) return weekday.format(at);
  return shortDate.format(at);
}

/** A chat's date separator: "Today", "Yesterday", "Monday, 12 March" (with the year when not this one). */
export function dayLabel(at: number, from: number): string {
  const days = daysAgo(at, from);
  if (days >= 0 && days < 2) return capitalize(dayWords.format(-days, "day"));
  return new Date(at).getFullYear() === new Date(from).getFullYear() ? longDay.format(at) : longDayYear.format(at);
}

/** "45s", "12m", "3h", "2d": how long a customer has been waiting, in the space of a badge. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

const capitalize = (s: string): string => s.charAt(0).toLocaleUpperCase() + s.slice(1);
