/**
 * Stripe's SDK sends bodies (and GET lists) as `application/x-www-form-urlencoded` with bracketed keys:
 * `line_items[0][price]=p&subscription_data[metadata][orgId]=o`. This turns them back into objects.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export function parseStripeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((p) => p !== "");
    // Arrays are indexed like objects while building; `[0]` and `["0"]` reach the same slot.
    let node = root as Record<string, FormValue>;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      const existing = node[part];
      if (existing === undefined || typeof existing === "string") node[part] = /^\d+$/.test(path[i + 1] ?? "") ? [] : {};
      node = node[part] as unknown as Record<string, FormValue>;
    });
  }
  return root;
}

export const str = (v: FormValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
export const obj = (v: FormValue | undefined): FormObject => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
export const list = (v: FormValue | undefined): FormValue[] => (Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : []);
