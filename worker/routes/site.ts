/**
 * The public site at /, /pricing, /privacy, /cookies, /terms and /security: HTML rendered here from
 * web/src/site/ (no client JS), with the facts the legal pages state taken from the constants the code
 * enforces and the sub-processors from this deployment's configuration. A signed-in visitor to / gets
 * the app instead (its own router sends them to the inbox).
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { appOrigin } from "../app-origin";
import { readSessionCookie } from "../auth/cookies";
import { HEARTBEAT_GRACE_MS, SESSION_MAX_AGE_MS } from "../auth/sessions";
import { verifySessionToken } from "../auth/tokens";
import { KEEP_MS, LINK_TTL_MS } from "../data/exports";
import { PURGE_GRACE_MS } from "../data/terminate";
import { AUDIT_RETENTION_MS } from "../jobs/retention";
import { HELD_STATUS_TTL_MS } from "../../durable/room-store";
import type { SiteFacts, SubProcessor } from "../../web/src/site/facts";
import { cookiesPage, landingPage, privacyPage, securityPage, termsPage } from "../../web/src/site/pages";

const DAY = 24 * 3600_000;

/** Optional settings other domains add (billing, email, AI); a deployment without them names no such processor. */
type OptionalConfig = Partial<Record<"STRIPE_SECRET_KEY" | "EMAIL_API_BASE" | "OPENAI_BASE_URL", string>>;

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

export function subProcessors(env: OptionalConfig): SubProcessor[] {
  const list: SubProcessor[] = [
    { name: "Cloudflare", purpose: "hosting: runs Parley and stores its database, conversations, media, exports and backups." },
    { name: "Meta (WhatsApp Business Cloud API)", purpose: "delivers messages between your numbers and your customers." },
  ];
  if (env.STRIPE_SECRET_KEY)
    list.push({ name: "Stripe", purpose: "takes payments for paid plans; holds billing details, never conversations." });
  if (env.EMAIL_API_BASE)
    list.push({ name: `Email provider (${host(env.EMAIL_API_BASE)})`, purpose: "sends invites, sign-in and export notices." });
  if (env.OPENAI_BASE_URL)
    list.push({
      name: `AI provider (${host(env.OPENAI_BASE_URL)})`,
      purpose: "AI assist, only for organizations that switch it on; text is redacted first.",
    });
  return list;
}

export function siteFacts(env: Env): SiteFacts {
  return {
    origin: appOrigin(env),
    auditLogMonths: Math.round(AUDIT_RETENTION_MS / (30.4 * DAY)),
    exportDays: KEEP_MS.export / DAY,
    backupDays: KEEP_MS.backup / DAY,
    terminationGraceDays: PURGE_GRACE_MS / DAY,
    downloadLinkMinutes: LINK_TTL_MS / 60_000,
    sessionMaxDays: SESSION_MAX_AGE_MS / DAY,
    heartbeatGraceSeconds: HEARTBEAT_GRACE_MS / 1000,
    heldStatusHours: HELD_STATUS_TTL_MS / 3600_000,
    subProcessors: subProcessors(env as unknown as OptionalConfig),
  };
}

export const site = new Hono<AppEnv>();

const page = (render: (f: SiteFacts) => string) => (c: import("hono").Context<AppEnv>) =>
  c.html(render(siteFacts(c.env)), 200, { "cache-control": "public, max-age=300" });

site.get("/", async (c) => {
  const token = readSessionCookie(c);
  if (token && (await verifySessionToken(c.env, token))) return c.env.ASSETS.fetch(c.req.raw);
  // The same URL answers differently by cookie: no shared cache may keep either answer.
  return c.html(landingPage(siteFacts(c.env)), 200, { "cache-control": "private, no-cache", vary: "Cookie" });
});
site.get("/privacy", page(privacyPage));
site.get("/cookies", page(cookiesPage));
site.get("/terms", page(termsPage));
site.get("/security", page(securityPage));
