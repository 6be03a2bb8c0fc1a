/**
 * The API's routes as documentation: method, path, what it does, and the zod schema of its body or
 * query (the same schemas the routes validate with, so the docs cannot drift from the checks).
 */
import type { z } from "zod";
import * as accounts from "../schemas/accounts";
import * as billing from "../schemas/billing";
import * as inbox from "../schemas/inbox";
import { crmRouteDocs } from "./crm-routes";
import { contactImportRouteDocs } from "./contact-imports";
import { campaignRouteDocs } from "./campaigns";
import { commerceRouteDocs } from "./commerce-routes";
import { dataRouteDocs } from "./data";
import { aiRouteDocs } from "./ai-routes";

export interface RouteDoc {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  tag: string;
  summary: string;
  body?: z.core.$ZodType;
  query?: z.core.$ZodType;
  auth?: "public" | "session" | "admin" | "signature";
  /** Non-JSON body, described in words. */
  rawBody?: string;
}

export const routeDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/webhooks/whatsapp",
    tag: "Webhooks",
    summary: "Meta's verification handshake: echoes hub.challenge for the right hub.verify_token.",
    auth: "public",
  },
  {
    method: "post",
    path: "/webhooks/whatsapp",
    tag: "Webhooks",
    summary: "Meta's webhook: messages, statuses, preferences, template status. Signed with X-Hub-Signature-256.",
    auth: "signature",
  },

  {
    method: "get",
    path: "/api/auth/csrf",
    tag: "Auth",
    summary: "Sets the CSRF cookie and returns its value, for forms posted before sign-in.",
    auth: "public",
  },
  {
    method: "post",
    path: "/api/auth/signup",
    tag: "Auth",
    summary: "Creates an organization and its owner, signed in.",
    body: accounts.signupBody,
    auth: "public",
  },
  {
    method: "post",
    path: "/api/auth/login",
    tag: "Auth",
    summary: "Signs in, or answers twoFactorRequired with a challengeId.",
    body: accounts.loginBody,
    auth: "public",
  },
  {
    method: "post",
    path: "/api/auth/login/2fa",
    tag: "Auth",
    summary: "Completes sign-in with a TOTP code or a recovery code.",
    body: accounts.twoFactorLoginBody,
    auth: "public",
  },
  { method: "post", path: "/api/auth/logout", tag: "Auth", summary: "Ends this session." },
  {
    method: "post",
    path: "/api/auth/heartbeat",
    tag: "Auth",
    summary: "Keeps the session alive; sessions end 90 s after the last beat unless the org stays signed in.",
  },
  { method: "get", path: "/api/auth/me", tag: "Auth", summary: "The signed-in user and organization." },
  {
    method: "post",
    path: "/api/auth/password-reset",
    tag: "Auth",
    summary:
      "Mails a single-use reset link (30 minutes) if the address has an account; 202 with the same answer either way. Rate limited per IP and per address.",
    body: accounts.passwordResetRequestBody,
    auth: "public",
  },
  {
    method: "get",
    path: "/api/auth/password-reset/{token}",
    tag: "Auth",
    summary: "Whether a reset link still works (the address it was sent to, when it expires); 400 reset_link_invalid if not.",
    auth: "public",
  },
  {
    method: "post",
    path: "/api/auth/password-reset/confirm",
    tag: "Auth",
    summary:
      "Sets a new password with a reset link's token (once), ends every session of the account, then signs in (or answers twoFactorRequired).",
    body: accounts.passwordResetBody,
    auth: "public",
  },
  {
    method: "post",
    path: "/api/auth/verify-email",
    tag: "Auth",
    summary: "Confirms an email address with the token from the verification email.",
    body: accounts.verifyEmailBody,
    auth: "public",
  },
  { method: "get", path: "/api/auth/verify-email", tag: "Auth", summary: "Whether your email address is confirmed." },
  {
    method: "post",
    path: "/api/auth/verify-email/resend",
    tag: "Auth",
    summary: "Mails a new verification link (rate limited).",
  },

  { method: "patch", path: "/api/me", tag: "Profile", summary: "Changes your name.", body: accounts.profileBody },
  {
    method: "post",
    path: "/api/me/password",
    tag: "Profile",
    summary: "Changes your password; signs out every other session.",
    body: accounts.passwordChangeBody,
  },
  { method: "get", path: "/api/me/sessions", tag: "Profile", summary: "Your active sessions." },
  { method: "delete", path: "/api/me/sessions/{id}", tag: "Profile", summary: "Revokes one of your sessions." },
  { method: "post", path: "/api/me/sessions/revoke-others", tag: "Profile", summary: "Revokes all your other sessions." },
  { method: "post", path: "/api/me/2fa/setup", tag: "Profile", summary: "Starts 2FA enrolment: secret, otpauth URL and QR code." },
  {
    method: "post",
    path: "/api/me/2fa/confirm",
    tag: "Profile",
    summary: "Confirms enrolment with a code; returns ten recovery codes, once.",
    body: accounts.totpConfirmBody,
  },
  {
    method: "post",
    path: "/api/me/2fa/disable",
    tag: "Profile",
    summary: "Turns 2FA off (password and a code).",
    body: accounts.totpDisableBody,
  },

  { method: "get", path: "/api/team/members", tag: "Team", summary: "Members of your organization." },
  {
    method: "patch",
    path: "/api/team/members/{id}",
    tag: "Team",
    summary: "Changes a member's role.",
    body: accounts.roleChangeBody,
    auth: "admin",
  },
  {
    method: "delete",
    path: "/api/team/members/{id}",
    tag: "Team",
    summary: "Removes a member; their sessions and sockets end at once.",
    auth: "admin",
  },
  { method: "get", path: "/api/team/invites", tag: "Team", summary: "Open invites.", auth: "admin" },
  {
    method: "post",
    path: "/api/team/invites",
    tag: "Team",
    summary: "Invites someone by email; returns the link.",
    body: accounts.inviteBody,
    auth: "admin",
  },
  { method: "delete", path: "/api/team/invites/{id}", tag: "Team", summary: "Revokes an invite.", auth: "admin" },
  { method: "get", path: "/api/invites/{token}", tag: "Team", summary: "What an invite link is for.", auth: "public" },
  {
    method: "post",
    path: "/api/invites/accept",
    tag: "Team",
    summary: "Accepts an invite: creates the member, signed in.",
    body: accounts.acceptInviteBody,
    auth: "public",
  },

  {
    method: "get",
    path: "/api/numbers",
    tag: "WhatsApp numbers",
    summary: "Connected numbers (and, for admins, the webhook URL and verify token).",
  },
  {
    method: "post",
    path: "/api/numbers",
    tag: "WhatsApp numbers",
    summary: "Connects a number; checked with the Graph API, token sealed.",
    body: accounts.connectNumberBody,
    auth: "admin",
  },
  { method: "delete", path: "/api/numbers/{id}", tag: "WhatsApp numbers", summary: "Disconnects a number.", auth: "admin" },
  {
    method: "get",
    path: "/api/audit",
    tag: "Audit log",
    summary: "Audit entries, newest first.",
    query: accounts.auditQuery,
    auth: "admin",
  },
  {
    method: "post",
    path: "/webhooks/stripe",
    tag: "Webhooks",
    summary:
      "Stripe's webhook, verified on the raw body (Stripe-Signature, 5-minute tolerance); idempotent by event id, safe out of order; 400 signature_invalid / signature_expired.",
    auth: "signature",
  },
  {
    method: "get",
    path: "/api/billing/plans",
    tag: "Billing",
    summary: "The plans, their prices per interval and currency, and their limits.",
    auth: "public",
  },
  {
    method: "get",
    path: "/api/billing",
    tag: "Billing",
    summary: "Owners: the plan, standing (trialing, active, grace, restricted), trial and grace ends, limits and usage.",
  },
  {
    method: "post",
    path: "/api/billing/checkout",
    tag: "Billing",
    summary: "Owners: a Stripe Checkout URL for a first subscription, or the plan changed on the existing one (prorated by Stripe).",
    body: billing.checkoutBody,
  },
  {
    method: "post",
    path: "/api/billing/portal",
    tag: "Billing",
    summary: "Owners: a Stripe Customer Portal URL (cards, invoices, cancellation).",
  },
  { method: "get", path: "/api/billing/invoices", tag: "Billing", summary: "Owners: the organization's Stripe invoices, newest first." },
  {
    method: "post",
    path: "/api/billing/free",
    tag: "Billing",
    summary: "Owners: continue on the Free plan (no subscription needed; nothing is deleted).",
  },
  {
    method: "get",
    path: "/api/email/deliveries",
    tag: "Email",
    summary: "The last 100 emails sent for the organization: template, recipient, status (queued, sent, failed), attempts, last error.",
    auth: "admin",
  },
  { method: "get", path: "/api/org", tag: "Organization", summary: "Organization settings." },
  {
    method: "patch",
    path: "/api/org",
    tag: "Organization",
    summary: "Changes settings; requiring 2FA is the owner's.",
    body: accounts.orgSettingsBody,
    auth: "admin",
  },

  {
    method: "get",
    path: "/api/conversations",
    tag: "Conversations",
    summary: "The conversation list with your read cursors.",
    query: inbox.listConversationsQuery,
  },
  {
    method: "get",
    path: "/api/conversations/{id}",
    tag: "Conversations",
    summary:
      "One conversation's list row, and `attribution`: the click-to-WhatsApp ad the customer first and last came from (firstTouch, lastTouch), or null.",
  },
  {
    method: "get",
    path: "/api/conversations/{id}/messages/{messageId}",
    tag: "Conversations",
    summary:
      "One message with its message info: `statusTimes` (WhatsApp time of each status reached: sent, delivered, read, played, failed) and `pricing` (category, billable, model, type, originType) from Meta's status webhooks. 404 message_not_found.",
  },
  {
    method: "get",
    path: "/api/conversations/{id}/messages",
    tag: "Conversations",
    summary: "History, paged by sequence (before/after).",
    query: inbox.historyQuery,
  },
  {
    method: "post",
    path: "/api/conversations/{id}/messages",
    tag: "Conversations",
    summary:
      "Sends text, a template, media or a reaction. clientId makes retries safe; free text outside the 24-hour window is 422 window_closed.",
    body: inbox.sendMessageBody,
  },
  {
    method: "post",
    path: "/api/conversations/{id}/messages/{messageId}/retry",
    tag: "Conversations",
    summary: "Retries a failed send Meta never accepted.",
  },
  {
    method: "get",
    path: "/api/conversations/{id}/messages/{messageId}/media",
    tag: "Conversations",
    summary: "A message's image, audio, video or document.",
  },
  {
    method: "post",
    path: "/api/conversations/{id}/media",
    tag: "Conversations",
    summary: "Uploads a file to send (up to 16 MB).",
    rawBody: "The file's bytes, with its Content-Type; ?filename= names it.",
  },
  {
    method: "post",
    path: "/api/conversations/{id}/notes",
    tag: "Conversations",
    summary: "Adds a private note (never sent to WhatsApp).",
    body: inbox.noteBody,
  },
  {
    method: "post",
    path: "/api/conversations/{id}/assign",
    tag: "Conversations",
    summary: "Assigns to a member, or unassigns with null.",
    body: inbox.assignBody,
  },
  {
    method: "post",
    path: "/api/conversations/{id}/state",
    tag: "Conversations",
    summary: "Opens, closes or snoozes until a time.",
    body: inbox.stateBody,
  },
  { method: "put", path: "/api/conversations/{id}/labels", tag: "Conversations", summary: "Sets the labels.", body: inbox.labelsBody },
  {
    method: "post",
    path: "/api/conversations/{id}/read",
    tag: "Conversations",
    summary: "Moves your read cursor to a sequence.",
    body: inbox.readBody,
  },
  { method: "post", path: "/api/conversations/{id}/unread", tag: "Conversations", summary: "Marks as unread (your other tabs follow)." },
  {
    method: "get",
    path: "/api/live/inbox",
    tag: "Live",
    summary: "WebSocket: conversation-list rows, your read cursors, presence (frames typed in durable/protocol.ts).",
  },
  {
    method: "get",
    path: "/api/live/conversations/{id}",
    tag: "Live",
    summary: "WebSocket: a conversation's frames; ?after=<seq> replays what you missed, then `ready`.",
  },

  { method: "get", path: "/api/templates", tag: "Templates", summary: "Message templates synced from Meta." },
  { method: "post", path: "/api/templates/sync", tag: "Templates", summary: "Syncs templates from the Graph API now." },
  { method: "get", path: "/api/canned-responses", tag: "Canned responses", summary: "The org's snippets for `/shortcut`." },
  {
    method: "post",
    path: "/api/canned-responses",
    tag: "Canned responses",
    summary: "Adds a snippet (admins). 409 `shortcut_taken` when the org has that shortcut, `canned_limit` past 500.",
    body: inbox.cannedResponseBody,
    auth: "admin",
  },
  {
    method: "put",
    path: "/api/canned-responses/{id}",
    tag: "Canned responses",
    summary: "Changes a snippet and returns it (admins). 409 `shortcut_taken` when another one has that shortcut.",
    body: inbox.cannedResponseBody,
    auth: "admin",
  },
  { method: "delete", path: "/api/canned-responses/{id}", tag: "Canned responses", summary: "Deletes a snippet.", auth: "admin" },
  ...crmRouteDocs,
  ...contactImportRouteDocs,
  ...campaignRouteDocs,
  ...dataRouteDocs,
  ...commerceRouteDocs,
  ...aiRouteDocs,
];
