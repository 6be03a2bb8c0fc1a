/** The CRM API: contacts, segments, custom fields, lifecycle stages, labels. Types from the Worker's schemas. */
import type { OrderStatus } from "../../../db/tables/commerce";
import type { z } from "zod";
import type { ContactView } from "../../../db/contact-view";
import type {
  BulkAction,
  ContactFilter,
  contactPatchBody,
  customFieldBody,
  ListContactsQuery,
  stagesBody,
} from "../../../worker/schemas/contacts";
import type { CustomFieldDef } from "../../../db/tables/crm";
import type { DuplicatePair } from "../../../worker/crm/merge/duplicate-pair";
import { api } from "./client";

export type { ContactView, ContactFilter, BulkAction, DuplicatePair };
export type ContactPatch = z.input<typeof contactPatchBody>;
export type CustomField = Omit<CustomFieldDef, "orgId">;
export interface Stage {
  key: string;
  name: string;
  position: number;
  color: string;
}
export interface Label {
  id: string;
  name: string;
  color: string;
}
export interface Segment {
  id: string;
  name: string;
  filter: ContactFilter;
  count?: number;
}
export interface ContactPage {
  contacts: ContactView[];
  nextCursor: string | null;
}
export interface TimelineEvent {
  id: string;
  kind: string;
  detail: Record<string, unknown>;
  byUserId: string | null;
  at: number;
}
/** A status change of one of the contact's orders. */
export interface TimelineOrder {
  id: string;
  orderId: string;
  number: number;
  toStatus: OrderStatus;
  totalMinor: number;
  currency: string;
  byUserId: string | null;
  at: number;
}
export interface Timeline {
  events: TimelineEvent[];
  conversations: TimelineConversation[];
  orders: TimelineOrder[];
}
export interface TimelineConversation {
  id: string;
  state: string;
  messageCount: number;
  lastMessagePreview: string | null;
  lastMessageAt: number | null;
}

const id = (value: string) => encodeURIComponent(value);

export type ListParams = Partial<Omit<ListContactsQuery, "filter">> & { filter?: ContactFilter };

export function listParams(p: ListParams): string {
  const q = new URLSearchParams();
  if (p.q) q.set("q", p.q);
  if (p.filter?.rules.length) q.set("filter", JSON.stringify(p.filter));
  if (p.segmentId) q.set("segmentId", p.segmentId);
  if (p.sort) q.set("sort", p.sort);
  if (p.dir) q.set("dir", p.dir);
  if (p.cursor) q.set("cursor", p.cursor);
  if (p.limit) q.set("limit", String(p.limit));
  return q.toString();
}

export const crmApi = {
  list: (p: ListParams) => api.get<ContactPage>(`/api/contacts?${listParams(p)}`),
  get: (contactId: string) => api.get<{ contact: ContactView }>(`/api/contacts/${id(contactId)}`),
  update: (contactId: string, patch: ContactPatch) =>
    api.patch<{ contact: ContactView; version: number }>(`/api/contacts/${id(contactId)}`, patch),
  timeline: (contactId: string) => api.get<Timeline>(`/api/contacts/${id(contactId)}/timeline`),
  bulk: (target: { ids: string[] } | { filter: ContactFilter }, action: BulkAction) =>
    api.post<{ count: number }>("/api/contacts/bulk", { ...target, action }),
  /** Both contacts as the user saw them: an edit made since makes this a 409 `contact_changed`. */
  merge: (survivor: ContactView, other: ContactView, pick: Record<string, "survivor" | "other"> = {}) =>
    api.post<{ contact: ContactView }>("/api/contacts/merge", {
      survivorId: survivor.id,
      survivorVersion: survivor.version,
      otherId: other.id,
      otherVersion: other.version,
      pick,
    }),
  duplicates: () => api.get<{ pairs: DuplicatePair[] }>("/api/contacts/duplicates"),
  fields: () => api.get<{ fields: CustomField[] }>("/api/custom-fields"),
  createField: (body: z.input<typeof customFieldBody>) => api.post<{ field: CustomField }>("/api/custom-fields", body),
  deleteField: (fieldId: string) => api.delete<{ deleted: true }>(`/api/custom-fields/${id(fieldId)}`),
  stages: () => api.get<{ stages: Stage[] }>("/api/lifecycle-stages"),
  saveStages: (stages: z.input<typeof stagesBody>["stages"]) => api.put<{ stages: Stage[] }>("/api/lifecycle-stages", { stages }),
  board: () => api.get<{ stages: (Stage & { count: number; leadScoreSum: number })[] }>("/api/lifecycle-stages/board"),
  labels: () => api.get<{ labels: Label[] }>("/api/labels"),
  createLabel: (name: string, color: string) => api.post<{ label: Label }>("/api/labels", { name, color }),
  deleteLabel: (labelId: string) => api.delete<{ deleted: true }>(`/api/labels/${id(labelId)}`),
  segments: () => api.get<{ segments: Segment[] }>("/api/segments"),
  saveSegment: (name: string, filter: ContactFilter) => api.post<{ segment: Segment }>("/api/segments", { name, filter }),
  deleteSegment: (segmentId: string) => api.delete<{ deleted: true }>(`/api/segments/${id(segmentId)}`),
};
