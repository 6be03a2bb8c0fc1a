/** The campaign routes (worker/routes/campaigns.ts) as documentation. */
import * as c from "../schemas/campaigns";
import type { RouteDoc } from "./routes";

const tag = "Campaigns";
const id = "/api/campaigns/{id}";

export const campaignRouteDocs: RouteDoc[] = [
  { method: "get", path: "/api/campaigns", tag, summary: "The org's campaigns, newest first." },
  {
    method: "post",
    path: "/api/campaigns",
    tag,
    summary: "Creates a draft: number, approved template, parameter mapping, audience.",
    body: c.campaignBody,
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/campaigns/preview",
    tag,
    summary:
      "Counts an audience before sending (will receive; excluded as opted out, no number, duplicate, unreachable, missing a value) and renders three sample messages.",
    body: c.previewBody,
    auth: "admin",
  },
  { method: "get", path: id, tag, summary: "A campaign, its per-status totals and its runner's live progress." },
  { method: "patch", path: id, tag, summary: "Changes a draft.", body: c.campaignPatch, auth: "admin" },
  { method: "delete", path: id, tag, summary: "Deletes a draft.", auth: "admin" },
  { method: "get", path: `${id}/preview`, tag, summary: "The audience counts and samples of a saved campaign.", auth: "admin" },
  {
    method: "post",
    path: `${id}/send`,
    tag,
    summary: "Sends now, or at scheduledAt (wall time in timeZone). Idempotent: a second press changes nothing.",
    body: c.sendBody,
    auth: "admin",
  },
  { method: "post", path: `${id}/unschedule`, tag, summary: "A scheduled campaign back to a draft.", auth: "admin" },
  { method: "post", path: `${id}/pause`, tag, summary: "Stops releasing recipients; sends under way finish.", auth: "admin" },
  {
    method: "post",
    path: `${id}/resume`,
    tag,
    summary: "Continues a paused campaign (opt-out is checked again at each send).",
    auth: "admin",
  },
  { method: "post", path: `${id}/cancel`, tag, summary: "Stops for good; recipients not yet sent are skipped.", auth: "admin" },
  {
    method: "post",
    path: `${id}/retry-failed`,
    tag,
    summary: "Sends again to recipients that failed (not to those who opted out or are not on WhatsApp).",
    auth: "admin",
  },
  {
    method: "get",
    path: `${id}/recipients`,
    tag,
    summary: "Recipients with their delivery status, in send order (after = last idx seen).",
    query: c.recipientsQuery,
  },
  { method: "get", path: `${id}/recipients.csv`, tag, summary: "Every recipient as CSV." },
];
