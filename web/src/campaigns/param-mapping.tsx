/** One row per `{{n}}` of the template body: where its value comes from for each recipient. */
import { useEffect } from "preact/hooks";
import type { ParamSource } from "../../../durable/campaign-protocol";
import { FieldFrame } from "../components/field";
import { customFields, loadCrmMeta } from "../crm/crm-meta";

/** A custom field is `custom:<key>`. */
type Kind = "firstName" | "name" | "phone" | "tag" | "fixed" | `custom:${string}`;

const KINDS: { value: Kind; label: string }[] = [
  { value: "firstName", label: "Contact's first name" },
  { value: "name", label: "Contact's full name" },
  { value: "phone", label: "Contact's phone" },
  { value: "tag", label: "From a tag (prefix:value)" },
  { value: "fixed", label: "The same text for everyone" },
];

const kindOf = (s: ParamSource): Kind => (s.source === "field" ? s.field : s.source === "custom" ? `custom:${s.key}` : s.source);

function sourceFor(kind: Kind, previous: ParamSource): ParamSource {
  const fallback = previous.source === "fixed" ? undefined : previous.fallback;
  if (kind === "fixed") return { source: "fixed", value: previous.source === "fixed" ? previous.value : "" };
  if (kind === "tag") return { source: "tag", prefix: previous.source === "tag" ? previous.prefix : "", ...(fallback && { fallback }) };
  if (kind.startsWith("custom:")) return { source: "custom", key: kind.slice("custom:".length), ...(fallback && { fallback }) };
  return { source: "field", field: kind as "firstName" | "name" | "phone", ...(fallback && { fallback }) };
}

export const defaultSource = (i: number): ParamSource =>
  i === 0 ? { source: "field", field: "firstName" } : { source: "fixed", value: "" };

export function ParamMapping({ params, onChange }: { params: ParamSource[]; onChange: (params: ParamSource[]) => void }) {
  const set = (i: number, next: ParamSource) => onChange(params.map((p, j) => (j === i ? next : p)));
  useEffect(() => {
    void loadCrmMeta();
  }, []);
  const fields = customFields.value;
  if (!params.length) return <p class="field-hint">This template has no variables.</p>;
  return (
    <div class="param-mapping">
      {params.map((p, i) => {
        const id = `param-${i + 1}`;
        return (
          <div class="param-row" key={id}>
            <FieldFrame id={id} label={`{{${i + 1}}}`}>
              <select id={id} class="select" value={kindOf(p)} onChange={(e) => set(i, sourceFor(e.currentTarget.value as Kind, p))}>
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
                {fields.length > 0 && (
                  <optgroup label="Custom fields">
                    {fields.map((f) => (
                      <option key={f.key} value={`custom:${f.key}`}>
                        {f.label}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </FieldFrame>
            {p.source === "fixed" && (
              <FieldFrame id={`${id}-value`} label="Text">
                <input id={`${id}-value`} class="input" value={p.value} onInput={(e) => set(i, { ...p, value: e.currentTarget.value })} />
              </FieldFrame>
            )}
            {p.source === "tag" && (
              <FieldFrame id={`${id}-prefix`} label="Tag prefix">
                <input
                  id={`${id}-prefix`}
                  class="input"
                  placeholder="product:"
                  value={p.prefix}
                  onInput={(e) => set(i, { ...p, prefix: e.currentTarget.value })}
                />
              </FieldFrame>
            )}
            {p.source !== "fixed" && (
              <FieldFrame id={`${id}-fallback`} label="If empty">
                <input
                  id={`${id}-fallback`}
                  class="input"
                  placeholder="leave out the contact"
                  value={p.fallback ?? ""}
                  onInput={(e) => set(i, { ...p, fallback: e.currentTarget.value })}
                />
              </FieldFrame>
            )}
          </div>
        );
      })}
    </div>
  );
}
