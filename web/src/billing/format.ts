/** Dates and prices as the billing screens show them. */
import { formatMinor } from "../format/money";

export const formatDay = (ms: number | null) =>
  ms === null ? "—" : new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });

export const formatPrice = (minor: number, currency: string) => formatMinor(minor, currency.toUpperCase());
