/**
 * The approved templates as choices, each shown as the customer will read it: its {{n}} filled in order
 * from the values Parley knows for this send (first name, order number…). Meta refuses a template sent
 * with fewer parameters than its body names, so one that asks for more is left to the conversation's
 * template picker, where every value can be typed. Sending an order, a payment link and a reorder
 * reminder all offer their templates this way.
 */
import type { PublicTemplate } from "../api/inbox";

export function bodyOf(t: PublicTemplate): string {
  const body = (t.components as { type?: unknown; text?: unknown }[]).find((c) => c?.type === "BODY");
  return typeof body?.text === "string" ? body.text : "";
}

/** The body's distinct {{n}}, ascending: what the send's params fill, in that order. */
export const slotsOf = (body: string): number[] =>
  [...new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

export function TemplateChoices(props: {
  templates: PublicTemplate[];
  known: string[];
  busy: boolean;
  onSend: (t: PublicTemplate, params: string[]) => void;
}) {
  if (!props.templates.length) return <p>No approved templates yet: sync them from the inbox's template picker.</p>;
  return (
    <ul class="template-choices">
      {props.templates.map((t) => {
        const body = bodyOf(t);
        const slots = slotsOf(body);
        const fits = slots.length <= props.known.length;
        const params = slots.map((_, i) => props.known[i]!);
        const preview = body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[slots.indexOf(Number(n))] ?? whole);
        return (
          <li key={t.id}>
            <div class="template-choice-head">
              <strong>{t.name}</strong>
              <span class="muted small">{t.language}</span>
              <button type="button" class="btn btn-sm btn-primary" disabled={props.busy || !fits} onClick={() => props.onSend(t, params)}>
                Send
              </button>
            </div>
            <p class="template-preview">{preview}</p>
            {!fits && <p class="muted small">Needs {slots.length} values: send it from the conversation.</p>}
          </li>
        );
      })}
    </ul>
  );
}
