/** The contacts list's columns: which exist (built-in and custom fields), which the agent chose (kept per browser). */
import { signal } from "@preact/signals";
import type { JSX } from "preact";
import type { ContactView, CustomField } from "../api/crm";
import { relativeTime } from "../format/time";
import { phoneLabel } from "../inbox/contact-name";
import { memberName } from "../inbox/members";
import { readCache, writeCache } from "../offline/local-cache";
import { stageOf } from "./crm-meta";

export interface Column {
  key: string;
  label: string;
  width: string;
  render: (c: ContactView, now: number) => JSX.Element | string;
}

export const displayName = (c: ContactView) => c.displayName ?? c.profileName ?? phoneLabel(c.waId) ?? "Unnamed";

const chips = (items: string[]) => (
  <span class="crm-chips">
    {items.map((t) => (
      <span key={t} class="chip">
        {t}
      </span>
    ))}
  </span>
);

export const BUILT_IN: Column[] = [
  { key: "phone", label: "Phone", width: "150px", render: (c) => <span class="mono">{phoneLabel(c.waId) ?? "—"}</span> },
  { key: "email", label: "Email", width: "200px", render: (c) => c.email ?? "—" },
  {
    key: "stage",
    label: "Stage",
    width: "130px",
    render: (c) => {
      const s = stageOf(c.stage);
      return s ? (
        <span class="crm-stage" style={{ "--stage": s.color }}>
          {s.name}
        </span>
      ) : (
        "—"
      );
    },
  },
  { key: "leadScore", label: "Score", width: "70px", render: (c) => (c.leadScore === null ? "—" : String(c.leadScore)) },
  { key: "owner", label: "Owner", width: "130px", render: (c) => (c.ownerId ? memberName(c.ownerId) : "—") },
  { key: "tags", label: "Tags", width: "180px", render: (c) => chips(c.tags) },
  { key: "labels", label: "Labels", width: "160px", render: (c) => chips(c.labels) },
  {
    key: "marketing",
    label: "Marketing",
    width: "110px",
    render: (c) => ({ opted_in: "Opted in", opted_out: "Opted out", unknown: "—" })[c.marketingStatus],
  },
  {
    key: "lastInboundAt",
    label: "Last message",
    width: "120px",
    render: (c, now) => (c.lastInboundAt ? relativeTime(c.lastInboundAt, now) : "—"),
  },
  { key: "createdAt", label: "Added", width: "110px", render: (c, now) => relativeTime(c.createdAt, now) },
  { key: "city", label: "City", width: "120px", render: (c) => c.address?.city ?? "—" },
  { key: "language", label: "Language", width: "90px", render: (c) => c.language ?? "—" },
];

export const customColumn = (f: CustomField): Column => ({
  key: `custom.${f.key}`,
  label: f.label,
  width: "140px",
  render: (c) => {
    const v = c.customFields[f.key];
    if (v === undefined) return "—";
    if (Array.isArray(v)) return chips(v);
    if (typeof v === "boolean") return v ? "Yes" : "No";
    return String(v);
  },
});

const KEY = "crm-columns";
export const chosenColumns = signal<string[]>(
  readCache<string[]>(KEY) ?? ["phone", "stage", "leadScore", "tags", "owner", "lastInboundAt"],
);

export function toggleColumn(key: string): void {
  const set = chosenColumns.value;
  chosenColumns.value = set.includes(key) ? set.filter((k) => k !== key) : [...set, key];
  writeCache(KEY, chosenColumns.value);
}
