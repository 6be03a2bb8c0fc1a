/** The CRM's routes as documentation (contacts, segments, custom fields, stages, labels). */
import * as crm from "../schemas/contacts";
import type { RouteDoc } from "./routes";

export const crmRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/contacts",
    tag: "Contacts",
    summary:
      "A page of contacts: `q` searches name, phone (any format), email and tags; `filter` is a ContactFilter as JSON (rules and any/all groups on every field, `custom.<key>` for custom fields); `segmentId` limits to a segment; sorted by an index, paged by `nextCursor`.",
    query: crm.listContactsQuery,
  },
  {
    method: "get",
    path: "/api/contacts/export",
    tag: "Contacts",
    summary: "The same selection as GET /api/contacts (q, filter, segmentId) as a streamed CSV: every field, custom fields as columns.",
    query: crm.listContactsQuery,
  },
  { method: "get", path: "/api/contacts/{id}", tag: "Contacts", summary: "A contact with every field and its numbers (current first)." },
  {
    method: "patch",
    path: "/api/contacts/{id}",
    tag: "Contacts",
    summary:
      "Changes the fields sent and only those (custom fields key by key); every agent's inbox gets a `contact` frame with the new values and version. 422 names the field on a value the org's definitions refuse.",
    body: crm.contactPatchBody,
  },
  {
    method: "get",
    path: "/api/contacts/{id}/timeline",
    tag: "Contacts",
    summary: "The contact's conversations and events (stage moves, consent, owner), newest first.",
  },
  {
    method: "post",
    path: "/api/contacts/bulk",
    tag: "Contacts",
    summary: "Tags, labels, stage, owner, opt-out, add to segment or delete (admins) for chosen ids or everything a filter matches.",
    body: crm.bulkBody,
  },
  { method: "get", path: "/api/segments", tag: "Segments", summary: "Saved segments with their live counts." },
  { method: "post", path: "/api/segments", tag: "Segments", summary: "Saves a named filter.", body: crm.segmentBody },
  { method: "get", path: "/api/segments/{id}", tag: "Segments", summary: "A segment and its live count." },
  {
    method: "put",
    path: "/api/segments/{id}",
    tag: "Segments",
    summary: "Renames a segment or changes its filter.",
    body: crm.segmentBody,
  },
  { method: "delete", path: "/api/segments/{id}", tag: "Segments", summary: "Deletes a segment (its contacts stay)." },
  { method: "get", path: "/api/custom-fields", tag: "Custom fields", summary: "The org's custom contact fields, in order." },
  {
    method: "post",
    path: "/api/custom-fields",
    tag: "Custom fields",
    summary: "Defines a field.",
    body: crm.customFieldBody,
    auth: "admin",
  },
  {
    method: "patch",
    path: "/api/custom-fields/{id}",
    tag: "Custom fields",
    summary: "Changes a field's label, options, required flag or position (its key and type stay).",
    body: crm.customFieldUpdateBody,
    auth: "admin",
  },
  { method: "delete", path: "/api/custom-fields/{id}", tag: "Custom fields", summary: "Removes a field definition.", auth: "admin" },
  { method: "get", path: "/api/lifecycle-stages", tag: "Lifecycle stages", summary: "The org's stages in order (defaults until saved)." },
  {
    method: "put",
    path: "/api/lifecycle-stages",
    tag: "Lifecycle stages",
    summary: "Replaces the ordered list; a stage that still has contacts cannot be removed (409).",
    body: crm.stagesBody,
    auth: "admin",
  },
  { method: "get", path: "/api/lifecycle-stages/board", tag: "Lifecycle stages", summary: "Contacts and lead-score sums per stage." },
  { method: "get", path: "/api/labels", tag: "Labels", summary: "The org's labels and colours (shared by contacts and conversations)." },
  { method: "post", path: "/api/labels", tag: "Labels", summary: "Defines a label.", body: crm.labelBody, auth: "admin" },
  { method: "delete", path: "/api/labels/{id}", tag: "Labels", summary: "Removes a label.", auth: "admin" },
];
