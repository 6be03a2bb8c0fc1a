/**
 * What integrations can touch, as plain data (web/ and the OpenAPI document import it too): the scopes an
 * API key can hold and which of the documented /api routes each one opens, and the events an outgoing
 * webhook can subscribe to.
 *
 * Keys use the same /api routes the app uses, not a separate /api/v1: one documented API, one set of
 * handlers and validations, so what a key can do never drifts from what the screen does. A route not in
 * this table refuses keys (403 api_key_not_allowed): team, billing, settings and keys themselves stay
 * with signed-in people.
 */
export const API_SCOPES = [
  "contacts:read",
  "contacts:write",
  "conversations:read",
  "conversations:write",
  "messages:send",
  "orders:read",
  "orders:write",
  "products:read",
  "products:write",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const SCOPE_LABELS: Record<ApiScope, string> = {
  "contacts:read": "Read contacts",
  "contacts:write": "Create and edit contacts",
  "conversations:read": "Read conversations and messages",
  "conversations:write": "Assign, close, label and note conversations",
  "messages:send": "Send WhatsApp messages",
  "orders:read": "Read orders",
  "orders:write": "Create orders and change their status",
  "products:read": "Read the product catalog",
  "products:write": "Edit the product catalog",
};

/** `METHOD /documented/path` → the scope a key needs for it. */
export const ROUTE_SCOPES: Record<string, ApiScope> = {
  "get /api/contacts": "contacts:read",
  "get /api/contacts/export": "contacts:read",
  "get /api/contacts/{id}": "contacts:read",
  "get /api/contacts/{id}/timeline": "contacts:read",
  "post /api/contacts": "contacts:write",
  "patch /api/contacts/{id}": "contacts:write",
  "get /api/conversations": "conversations:read",
  "get /api/conversations/{id}": "conversations:read",
  "get /api/conversations/{id}/messages": "conversations:read",
  "get /api/conversations/{id}/messages/{messageId}": "conversations:read",
  "post /api/conversations/{id}/notes": "conversations:write",
  "post /api/conversations/{id}/assign": "conversations:write",
  "post /api/conversations/{id}/state": "conversations:write",
  "put /api/conversations/{id}/labels": "conversations:write",
  "post /api/conversations/{id}/messages": "messages:send",
  "post /api/orders/{id}/message": "messages:send",
  "get /api/orders": "orders:read",
  "get /api/orders/export.csv": "orders:read",
  "get /api/orders/{id}": "orders:read",
  "post /api/orders": "orders:write",
  "patch /api/orders/{id}": "orders:write",
  "post /api/orders/{id}/status": "orders:write",
  "get /api/products": "products:read",
  "get /api/products/{id}": "products:read",
  "post /api/products": "products:write",
  "patch /api/products/{id}": "products:write",
};

export const scopeOfRoute = (method: string, path: string): ApiScope | undefined => ROUTE_SCOPES[`${method} ${path}`];

export const WEBHOOK_EVENTS = [
  "message.received",
  "message.status",
  "conversation.opened",
  "conversation.assigned",
  "conversation.closed",
  "contact.created",
  "contact.updated",
  "order.created",
  "order.status_changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "message.received": "A customer's message arrived",
  "message.status": "A sent message was delivered, read or failed",
  "conversation.opened": "A conversation opened or reopened",
  "conversation.assigned": "A conversation was assigned",
  "conversation.closed": "A conversation was closed",
  "contact.created": "A contact was created",
  "contact.updated": "A contact was edited",
  "order.created": "An order was created",
  "order.status_changed": "An order's status changed",
};

/** Events only Parley itself sends: a test ping, and what an automation rule's "call a webhook" action posts. */
export type SystemEventType = "ping" | "automation.webhook";
