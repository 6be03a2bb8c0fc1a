/** Money from integer minor units (cents), as WhatsApp orders carry it: never through floats of cents. */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat | null {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: "currency", currency });
    } catch {
      return null; // Not an ISO 4217 code.
    }
    formatters.set(currency, f);
  }
  return f;
}

export function formatMinor(minor: number, currency: string | null): string {
  const f = currency ? formatter(currency) : null;
  if (!f) return `${(minor / 100).toFixed(2)}${currency ? ` ${currency}` : ""}`;
  // JPY has 0 decimals, BHD 3: the currency decides how many minor units make one.
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}
