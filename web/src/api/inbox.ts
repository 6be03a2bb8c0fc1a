/** The inbox API: conversations, their messages and actions, templates, canned responses, contacts. */
import type { z } from "zod";
import type { AdAttribution, ConversationSummary, Message, ReadCursor } from "../../../durable/protocol";
import type { CannedResponse as CannedRow, Template } from "../../../db/schema";
import type { ContactView } from "../../../db/contact-view";
import type { contactPatchBody } from "../../../worker/schemas/contacts";
import type { CannedResponseBody, historyQuery, labelsBody, sendMessageBody, stateBody } from "../../../worker/schemas/inbox";
import type { ListFilter, ListPage } from "../live/inbox-store";
import { api, upload } from "./client";

export type SendBody = z.input<typeof sendMessageBody>;
export type StateBody = z.input<typeof stateBody>;
export type ContactPatch = z.input<typeof contactPatchBody>;
export type PublicTemplate = Omit<Template, "orgId">;
/** What the contacts API returns (db/contact-view.ts). */
export type PublicContact = ContactView;
export type CannedResponse = Omit<CannedRow, "orgId">;

export interface HistoryPage {
  messages: Message[];
  lastSeq: number;
  hasMore: boolean;
  /** Around a message only: newer messages follow the page. */
  hasNewer?: boolean;
}

export interface Upload {
  uploadId: string;
  mimeType: string;
  size: number;
  filename?: string;
}

const id = (value: string) => encodeURIComponent(value);
const conv = (conversationId: string) => `/api/conversations/${id(conversationId)}`;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const inboxApi = {
  list: (filter: ListFilter, cursor?: string, limit = 50) =>
    api.get<ListPage>(
      `/api/conversations${query({ view: filter.view, state: filter.state, label: filter.label, q: filter.q, cursor, limit })}`,
    ),
  conversation: (conversationId: string) =>
    api.get<{ conversation: ConversationSummary; attribution: AdAttribution | null }>(conv(conversationId)),
  message: (conversationId: string, messageId: string) =>
    api.get<{ message: Message }>(`${conv(conversationId)}/messages/${id(messageId)}`),
  history: (conversationId: string, q: Partial<z.output<typeof historyQuery>> = {}) =>
    api.get<HistoryPage>(
      `${conv(conversationId)}/messages${query({ before: q.before, after: q.after, around: q.around, limit: q.limit })}`,
    ),
  send: (conversationId: string, body: SendBody) =>
    api.post<{ message: Message; duplicate: boolean }>(`${conv(conversationId)}/messages`, body),
  retry: (conversationId: string, messageId: string) =>
    api.post<{ message: Message }>(`${conv(conversationId)}/messages/${id(messageId)}/retry`),
  mediaUrl: (conversationId: string, messageId: string) => `${conv(conversationId)}/messages/${id(messageId)}/media`,
  upload: (conversationId: string, file: File) => upload<Upload>(`${conv(conversationId)}/media${query({ filename: file.name })}`, file),
  note: (conversationId: string, body: { clientId: string; text: string }) =>
    api.post<{ message: Message }>(`${conv(conversationId)}/notes`, body),
  assign: (conversationId: string, assigneeId: string | null) =>
    api.post<{ conversation: ConversationSummary }>(`${conv(conversationId)}/assign`, { assigneeId }),
  setState: (conversationId: string, body: StateBody) =>
    api.post<{ conversation: ConversationSummary }>(`${conv(conversationId)}/state`, body),
  setLabels: (conversationId: string, labels: z.input<typeof labelsBody>["labels"]) =>
    api.put<{ conversation: ConversationSummary }>(`${conv(conversationId)}/labels`, { labels }),
  markRead: (conversationId: string, seq: number) => api.post<{ cursor: ReadCursor }>(`${conv(conversationId)}/read`, { seq }),
  markUnread: (conversationId: string) => api.post<{ cursor: ReadCursor }>(`${conv(conversationId)}/unread`),
  templates: () => api.get<{ templates: PublicTemplate[] }>("/api/templates"),
  syncTemplates: () => api.post<{ synced: number }>("/api/templates/sync"),
  cannedResponses: () => api.get<{ cannedResponses: CannedResponse[] }>("/api/canned-responses"),
  createCanned: (body: CannedResponseBody) => api.post<{ cannedResponse: CannedResponse }>("/api/canned-responses", body),
  updateCanned: (cannedId: string, body: CannedResponseBody) =>
    api.put<{ cannedResponse: CannedResponse }>(`/api/canned-responses/${id(cannedId)}`, body),
  deleteCanned: (cannedId: string) => api.delete<{ deleted: true }>(`/api/canned-responses/${id(cannedId)}`),
  contact: (contactId: string) => api.get<{ contact: PublicContact }>(`/api/contacts/${id(contactId)}`),
  updateContact: (contactId: string, patch: ContactPatch) => api.patch<{ contact: PublicContact }>(`/api/contacts/${id(contactId)}`, patch),
};
