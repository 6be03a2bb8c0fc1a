/**
 * Contacts as this tab knows them, kept current by the org socket's `contact` frames. Each field
 * remembers the version it was last set at; a frame's field applies only if its version is newer, so
 * frames arriving out of order, or an edit's own response racing its frame, never undo a later value.
 */
import { signal } from "@preact/signals";
import type { ContactView } from "../api/crm";
import type { InboxFrame } from "../../../durable/protocol";

interface Entry {
  view: ContactView;
  /** The version of the last full read: every field reflects at least this. */
  baseVersion: number;
  /** Fields a frame set since, at the frame's version. */
  fieldVersions: Record<string, number>;
}

const entries = new Map<string, Entry>();
/** Bumped on every change, so views re-read the contacts they show. */
export const contactsRevision = signal(0);
/** Set when many contacts changed at once (bulk, import): lists reload. */
export const contactsReloadTick = signal(0);
export const removedContacts = signal<Set<string>>(new Set());
/** Removed by a merge: the contact each went into. */
export const mergedInto = signal<Map<string, string>>(new Map());

type Fields = Record<string, unknown>;

export function contactOf(id: string): ContactView | undefined {
  contactsRevision.value;
  return entries.get(id)?.view;
}

/** A full read from the API: taken, except fields a newer frame already set. */
export function rememberContact(view: ContactView): ContactView {
  const current = entries.get(view.id);
  const merged = { ...view } as unknown as Fields;
  const fieldVersions: Record<string, number> = {};
  if (current) {
    for (const [field, version] of Object.entries(current.fieldVersions)) {
      if (version <= view.version) continue;
      merged[field] = (current.view as unknown as Fields)[field];
      fieldVersions[field] = version;
    }
    merged.version = Math.max(view.version, current.view.version);
  }
  const entry = { view: merged as unknown as ContactView, baseVersion: view.version, fieldVersions };
  entries.set(view.id, entry);
  contactsRevision.value++;
  return entry.view;
}

export function applyContactFrame(frame: InboxFrame): void {
  if (frame.t === "contacts_changed") {
    contactsReloadTick.value++;
    return;
  }
  if (frame.t === "contacts_removed") {
    removedContacts.value = new Set([...removedContacts.value, ...frame.ids]);
    const into = frame.into;
    if (into) mergedInto.value = new Map([...mergedInto.value, ...frame.ids.map((id) => [id, into] as [string, string])]);
    for (const id of frame.ids) entries.delete(id);
    contactsRevision.value++;
    return;
  }
  if (frame.t !== "contact") return;
  const entry = entries.get(frame.contactId);
  if (!entry) return;
  const next = { ...entry.view } as unknown as Fields;
  let changed = false;
  for (const [field, value] of Object.entries(frame.changes)) {
    if (frame.version <= (entry.fieldVersions[field] ?? entry.baseVersion)) continue;
    next[field] = value;
    entry.fieldVersions[field] = frame.version;
    changed = true;
  }
  if (!changed) return;
  next.version = Math.max(entry.view.version, frame.version);
  entry.view = next as unknown as ContactView;
  contactsRevision.value++;
}
