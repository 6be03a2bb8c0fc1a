/** "1,204 will receive, 37 opted out, 3 without a number", and the message as the first recipients will read it. */
import type { AudiencePreview } from "./campaigns-api";

const n = (x: number) => x.toLocaleString();

export function AudienceSummary({ preview }: { preview: AudiencePreview }) {
  const e = preview.excluded;
  const parts = [
    e.notOptedIn && `${n(e.notOptedIn)} never opted in to marketing`,
    e.optedOut && `${n(e.optedOut)} opted out of marketing`,
    e.noNumber && `${n(e.noNumber)} without a number`,
    e.duplicates && `${n(e.duplicates)} duplicate number${e.duplicates === 1 ? "" : "s"}`,
    e.unreachable && `${n(e.unreachable)} not on WhatsApp (an earlier campaign failed with 131026)`,
    e.missingValues && `${n(e.missingValues)} missing a value for a variable`,
  ].filter(Boolean);
  return (
    <div class="audience-summary" data-testid="audience-summary">
      <p class="audience-count">
        <strong>{n(preview.willReceive)}</strong> will receive it
        {parts.length > 0 && <span>, {parts.join(", ")}</span>}.
      </p>
      {preview.marketing && <p class="field-hint">A marketing template: opt-out is checked again the moment each message goes.</p>}
      {preview.samples.length > 0 && (
        <div class="sample-list">
          {preview.samples.map((s) => (
            <figure class="sample" key={s.contactId}>
              <figcaption>
                {s.name ?? "Unnamed"} · +{s.waId}
              </figcaption>
              <p class="sample-bubble">{s.text}</p>
            </figure>
          ))}
        </div>
      )}
    </div>
  );
}
