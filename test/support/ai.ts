/** Helpers for AI tests: the local OpenAI peer's controls (scoped to one org), switching AI on, customer messages. */
import { inject } from "vitest";
import { safetyIdentifier } from "../../worker/ai/safety-identifier";
import { inboundMessageBody, newWamid, unixSeconds } from "../peers/webhook-builders";
import type { OpenAiRequestRecord } from "../peers/openai";
import type { Member } from "./accounts";
import { expectJson } from "./api-errors";
import type { Workspace } from "./live";
import { postWebhook } from "./parley";

const control = () => inject("openaiPeerUrl").replace(/\/v1$/, "/__peer");

/** Every request the peer received for this org (by its safety identifier), oldest first. */
export async function peerRequests(orgId: string): Promise<OpenAiRequestRecord[]> {
  const user = await safetyIdentifier(orgId);
  return (await (await fetch(`${control()}/requests?user=${user}`)).json()) as OpenAiRequestRecord[];
}

export async function failPeer(orgId: string, status: number, times = 100): Promise<void> {
  await fetch(`${control()}/fail`, { method: "POST", body: JSON.stringify({ status, times, user: await safetyIdentifier(orgId) }) });
}

export async function slowPeer(orgId: string, firstTokenMs: number, chunkMs = 0): Promise<void> {
  await fetch(`${control()}/latency`, {
    method: "POST",
    body: JSON.stringify({ firstTokenMs, chunkMs, user: await safetyIdentifier(orgId) }),
  });
}

export async function aiSettings(member: Member, patch: Record<string, unknown>) {
  return expectJson<{ settings: Record<string, unknown> }>(await member.browser.request("PUT", "/api/ai/settings", patch));
}

/** Switches AI on with every feature, auto-replies always (so tests need no clock), and the given extras. */
export const turnAiOn = (member: Member, extra: Record<string, unknown> = {}) =>
  aiSettings(member, { enabled: true, autoReplyMode: "always", ...extra });

export async function addFact(member: Member, title: string, body: string, kind = "faq") {
  return expectJson<{ entry: { id: string } }>(await member.browser.request("POST", "/api/ai/knowledge", { kind, title, body }), 201);
}

/** A customer's text message to the workspace's number, timed now (so the 24-hour window is open). */
export async function customerSays(w: Workspace, text: string, opts: { from?: string; name?: string; wamid?: string; at?: number } = {}) {
  const wamid = opts.wamid ?? newWamid();
  const body = inboundMessageBody({
    phoneNumberId: w.phoneNumberId,
    displayPhoneNumber: "15550783881",
    wabaId: "112233445566778",
    from: opts.from ?? "351911111111",
    name: opts.name ?? "Ana",
    message: { type: "text", text: { body: text }, id: wamid, timestamp: unixSeconds(opts.at) },
  });
  const raw = JSON.stringify(body);
  const res = await postWebhook(raw);
  if (res.status !== 200) throw new Error(`webhook → ${res.status}`);
  return { wamid, raw };
}

export async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A draft's server-sent events, parsed. */
export async function readSse(res: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}
