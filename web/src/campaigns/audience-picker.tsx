/** Who receives the campaign: every contact, contacts with a tag, or the phone numbers of a CSV file. */
import { useState } from "preact/hooks";
import type { CampaignAudience } from "../../../durable/campaign-protocol";
import { FieldFrame } from "../components/field";
import { useResource } from "../hooks/use-resource";
import { campaignsApi } from "./campaigns-api";

/** Every cell that looks like a phone number, as digits (the header row and other columns fall away). */
export function phonesFromCsv(text: string): string[] {
  const phones = new Set<string>();
  for (const line of text.split(/\r?\n/))
    for (const cell of line.split(/[,;\t]/)) {
      const raw = cell.trim().replace(/^"|"$/g, "");
      if (/^\+?[\d\s().-]{6,}$/.test(raw)) phones.add(raw.replace(/\D/g, ""));
    }
  return [...phones];
}

export function AudiencePicker({ audience, onChange }: { audience: CampaignAudience; onChange: (a: CampaignAudience) => void }) {
  const [tags, setTags] = useState(audience.kind === "tags" ? audience.tags.join(", ") : "");
  const [fileNote, setFileNote] = useState<string | null>(null);
  const segments = useResource(() => campaignsApi.segments());
  const firstSegment = segments.data?.segments[0]?.id ?? "";
  const choose = (kind: CampaignAudience["kind"]) => {
    if (kind === "all") onChange({ kind: "all" });
    else if (kind === "tags") onChange({ kind: "tags", tags: splitTags(tags) });
    else if (kind === "segment") onChange({ kind: "segment", segmentId: audience.kind === "segment" ? audience.segmentId : firstSegment });
    else if (kind === "phones") onChange({ kind: "phones", phones: audience.kind === "phones" ? audience.phones : [] });
  };
  return (
    <fieldset class="audience-picker">
      <legend class="field-label">Audience</legend>
      <div class="cluster">
        {(
          [
            ["all", "All contacts"],
            ["segment", "A saved segment"],
            ["tags", "Contacts with tags"],
            ["phones", "Upload a CSV"],
          ] as const
        ).map(([kind, label]) => (
          <label class="radio" key={kind}>
            <input type="radio" name="audience-kind" value={kind} checked={audience.kind === kind} onChange={() => choose(kind)} />
            {label}
          </label>
        ))}
      </div>
      {audience.kind === "tags" && (
        <FieldFrame id="audience-tags" label="Tags" hint="Comma-separated; a contact with any of them is included.">
          <input
            id="audience-tags"
            class="input"
            value={tags}
            placeholder="vip, newsletter"
            onInput={(e) => {
              setTags(e.currentTarget.value);
              onChange({ kind: "tags", tags: splitTags(e.currentTarget.value) });
            }}
          />
        </FieldFrame>
      )}
      {audience.kind === "segment" && (
        <FieldFrame
          id="audience-segment"
          label="Segment"
          hint={segments.data?.segments.length ? undefined : "No segments yet: save one on the Contacts page."}
        >
          <select
            id="audience-segment"
            class="select"
            value={audience.segmentId}
            onChange={(e) => onChange({ kind: "segment", segmentId: e.currentTarget.value })}
          >
            {(segments.data?.segments ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </FieldFrame>
      )}
      {audience.kind === "phones" && (
        <FieldFrame id="audience-csv" label="CSV file" hint={fileNote ?? "Any column of phone numbers; they are matched to your contacts."}>
          <input
            id="audience-csv"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              const phones = phonesFromCsv(await file.text()).slice(0, 4000);
              setFileNote(`${phones.length.toLocaleString()} phone numbers in ${file.name}`);
              onChange({ kind: "phones", phones });
            }}
          />
        </FieldFrame>
      )}
    </fieldset>
  );
}

const splitTags = (s: string) =>
  s
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
