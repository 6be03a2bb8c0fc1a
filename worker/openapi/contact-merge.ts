/** Duplicates and merge as documentation. */
import * as crm from "../schemas/contacts";
import type { RouteDoc } from "./routes";
import * as T from "./responses/contact-merge";

export const contactMergeRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/contacts/duplicates",
    operationId: "listDuplicateContacts",
    response: T.duplicatesOut,
    errors: [],
    tag: "Contacts",
    summary:
      "Likely duplicate pairs (up to 50): `phone` (same number, an earlier number, or a Brazilian mobile with and without its 9th digit), `email`, or `name` (same name and the same last eight digits, or one without a number); the older contact first.",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/contacts/merge",
    operationId: "mergeContacts",
    response: T.contactMergedOut,
    errors: ["404 contact_not_found", "409 contact_changed", "422 invalid_pick", "422 same_contact"],
    tag: "Contacts",
    summary:
      "Merges `otherId` into `survivorId` in one D1 batch, only if both are still at the `survivorVersion` and `otherVersion` the caller saw (else 409 `contact_changed`, with the contact's id and current version in `details`, nothing merged): per field in `pick` `survivor` or `other` (default: the survivor's, the other's where the survivor has none); tags, labels, custom fields united; the other's numbers become earlier numbers; its conversations, orders, events, segment memberships and campaign recipients move; a `merge` event and an audit entry; the other is deleted. Agents get `contacts_removed` (with `into`) and a `contact` frame.",
    body: crm.mergeBody,
    auth: "admin",
  },
];
