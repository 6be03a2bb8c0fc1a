/** Escaping for the public pages, which are HTML strings rendered by the Worker (no client JS). */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text from data (plan names, hosts from config) goes through this; the pages' own copy is literal. */
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);

/** A tagged template that only joins: the pages read as HTML, and arrays of parts need no `.join("")`. */
export function html(strings: TemplateStringsArray, ...values: (string | number | (string | number)[])[]): string {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += (Array.isArray(v) ? v.join("") : String(v)) + strings[i + 1]!;
  });
  return out;
}
