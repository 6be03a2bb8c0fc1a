/**
 * The public site: pre-rendered HTML from the Worker, no scripts, no third-party requests, small,
 * shareable; the legal pages state the retention periods the code enforces and this deployment's
 * sub-processors; signed-in visitors to / get the app.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AUDIT_RETENTION_MS } from "../../worker/jobs/retention";
import { subProcessors } from "../../worker/routes/site";
import { storedItems } from "../../web/src/site/storage-policy";
import { signUpOwner } from "../support/accounts";

const PAGES = ["/", "/privacy", "/cookies", "/terms", "/security"];

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`https://parley.test${path}`, { headers });

describe("public site", () => {
  it("every page: HTML with sharing tags, light/dark, no script, nothing from another origin, under 50 KB gzipped", async () => {
    for (const path of PAGES) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      const body = await res.text();
      expect(body).toMatch(/^<!doctype html>/);
      expect(body).toContain('<meta name="color-scheme" content="light dark">');
      expect(body).toMatch(/<meta property="og:title" content="[^"]+">/);
      expect(body).toMatch(/<meta name="description" content="[^"]{20,}">/);
      expect(body).not.toMatch(/<script/i);
      // Every src and stylesheet is this origin's; absolute URLs only in the canonical and sharing tags.
      for (const m of body.matchAll(/(?:src|srcset|href)="([^"]+)"/g)) {
        const url = m[1]!;
        if (/^https?:/.test(url)) expect(url.startsWith(env.APP_ORIGIN), `${path}: ${url}`).toBe(true);
      }
      expect(await gzipSize(body), path).toBeLessThan(50 * 1024);
    }
  });

  it("the landing page says what Parley does and leads to sign-up; signed in, / is the app", async () => {
    const body = await (await get("/")).text();
    expect(body).toContain("WhatsApp");
    expect(body).toContain('href="/signup"');
    expect(body).toContain('href="/signin"');
    const owner = await signUpOwner();
    const cookie = [...owner.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const app = await (await get("/", { cookie })).text();
    expect(app).not.toContain("Answer every WhatsApp customer");
    // A forged cookie is a visitor.
    expect(await (await get("/", { cookie: "__Host-token=forged" })).text()).toContain("Answer every WhatsApp customer");
  });

  it("the privacy page states the periods the code enforces and names this deployment's sub-processors", async () => {
    const body = await (await get("/privacy")).text();
    expect(AUDIT_RETENTION_MS / (24 * 3600_000)).toBe(365);
    expect(body).toContain("<td>12 months after they were written</td>");
    expect(body).toContain("<td>7 days after they were made</td>");
    expect(body).toContain("<td>30 days after they were made</td>");
    expect(body).toContain("within 30 days");
    expect(body).toContain("Cloudflare");
    expect(body).toContain("Meta (WhatsApp Business Cloud API)");
    // The test deployment configures Stripe (the billing tests), so the page names it.
    expect(body).toContain("Stripe");
    expect(
      subProcessors({
        STRIPE_SECRET_KEY: "sk",
        EMAIL_API_BASE: "https://api.resend.com",
        OPENAI_BASE_URL: "https://api.openai.com/v1",
      }).map((s) => s.name),
    ).toEqual([
      "Cloudflare",
      "Meta (WhatsApp Business Cloud API)",
      "Stripe",
      "Email provider (api.resend.com)",
      "AI provider (api.openai.com)",
    ]);
  });

  it("the cookie policy has one row per cookie and storage key in the policy list", async () => {
    const body = await (await get("/cookies")).text();
    const rows = [...body.matchAll(/<tr data-name="([^"]+)" data-where="([^"]+)">/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(rows).toEqual(storedItems.map((i) => `${i.where}:${i.name}`));
    expect(rows).toContain("cookie:__Host-token");
  });
});
