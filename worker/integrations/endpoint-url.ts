/**
 * Where an org may point a webhook. Parley makes the request from its own network, so an address that
 * names Parley's side (loopback, private ranges, link-local metadata services) is refused unless
 * WEBHOOK_ALLOW_PRIVATE_URLS is on (local development and tests). Hostnames are not resolved here (the
 * Workers runtime has no DNS API); Cloudflare's egress does not reach private networks by name.
 */
import { AppError } from "../errors";

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];

function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h.endsWith(".internal") || h.endsWith(".local")) return true;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) return PRIVATE_V4.some((re) => re.test(h));
  if (h.includes(":")) return h === "::1" || h === "::" || /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith("::ffff:");
  return false;
}

export function checkEndpointUrl(env: { WEBHOOK_ALLOW_PRIVATE_URLS: string }, raw: string): string {
  const url = new URL(raw);
  const local = env.WEBHOOK_ALLOW_PRIVATE_URLS === "1";
  if (url.username || url.password) {
    throw new AppError(422, "endpoint_url_invalid", "Put no user name or password in the URL; verify Parley's signature instead.");
  }
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new AppError(422, "endpoint_url_invalid", "Webhook URLs must use https://.");
  }
  if (!local && isPrivateHost(url.hostname)) {
    throw new AppError(422, "endpoint_url_invalid", "That address is on a private or local network; use a public https:// URL.");
  }
  url.hash = "";
  return url.toString();
}
