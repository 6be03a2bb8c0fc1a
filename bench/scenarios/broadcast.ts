/**
 * Broadcast: a campaign of 10,000 recipients (÷ scale with --quick) on one number at Meta's default
 * 80 messages/s, against the local Graph peer, which answers each send and posts its three status
 * webhooks as Meta does. Measured: the duration from the first send the peer received to the last
 * (the target is within 5% of 10,000 / 80 = 125 s), duplicates and losses (each recipient must reach
 * the peer exactly once), and the runtime's CPU per recipient over the whole run (claim, send,
 * record, the message in the contact's conversation, D1 rows, and the three status webhooks).
 */
import { apiGet, apiHeaders } from "../lib/accounts";
import { firstMessages, liveCustomers, startLiveStack, type LiveStack } from "../lib/live-stack";
import { waitFor } from "../lib/live-figures";
import { PORTS, type BenchContext } from "../lib/scenario";
import { roleCpu } from "../lib/workerd-memory";
import { DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";

const RECIPIENTS = 10_000;
const RATE = 80;

export interface BroadcastResult {
  recipients: number;
  ratePerSecond: number;
  /** First to last send the peer received. */
  durationSec: number;
  idealSec: number;
  /** duration / ideal − 1, in percent. */
  overIdealPct: number;
  /** Per second of the run: the most and fewest sends the peer received in one whole second. */
  peakPerSec: number;
  duplicates: number;
  lost: number;
  cpuMsPerRecipient: { proxy: number; runtime: number };
  failures: string[];
}

interface PeerRequest {
  method: string;
  path: string;
  status: number;
  at: number;
  body?: { to?: string };
}

export async function runBroadcast(ctx: BenchContext): Promise<BroadcastResult> {
  const count = Math.max(200, Math.round(RECIPIENTS / ctx.scale));
  ctx.log(`broadcast: starting a stack of its own (SEND_RATE_PER_SECOND=${RATE})`);
  const stack = await startLiveStack(ctx, { SEND_RATE_PER_SECOND: String(RATE) });
  try {
    const waIds = liveCustomers(9, count);
    ctx.log(`broadcast: ${count} customers write in first (50 per webhook), so each has a contact and a conversation`);
    await firstMessages(stack, waIds, 4);
    await fetch(`${stack.peerUrl}/__peer/reset`, { method: "POST" });

    // Every contact of the org: the bench's customers and the demo's few newsletter contacts.
    const { campaign } = await post<{ campaign: { id: string } }>(stack, "/api/campaigns", {
      name: "Bench broadcast",
      phoneNumberId: DEMO_PHONE_NUMBER_ID,
      template: { name: "hello_world", language: "en_US" },
      params: [],
      audience: { kind: "all" },
    });
    const byRole = roleCpu(PORTS.parley);
    ctx.log(`broadcast: sending campaign ${campaign.id} at ${RATE}/s`);
    const sent = await post<{ campaign: { recipientCount: number } }>(stack, `/api/campaigns/${campaign.id}/send`, {});
    const planned = sent.campaign.recipientCount;
    await waitFor(
      async () => {
        const d = await apiGet<{ campaign: { status: string }; progress: { sent: number } | null }>(
          stack.url,
          stack.owner,
          `/api/campaigns/${campaign.id}`,
        );
        return d.campaign.status === "completed";
      },
      (planned / RATE) * 1000 * 2 + 60_000,
      1000,
    );
    // The last status webhooks land a little after the last send; count them in the CPU.
    await fetch(`${stack.peerUrl}/__peer/idle`, { method: "POST" });
    const used = byRole.stop();

    const requests = (await (await fetch(`${stack.peerUrl}/__peer/requests`)).json()) as PeerRequest[];
    const sends = requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages") && r.status === 200 && r.body?.to);
    const perRecipient = new Map<string, number>();
    for (const s of sends) perRecipient.set(s.body!.to!, (perRecipient.get(s.body!.to!) ?? 0) + 1);
    const duplicates = [...perRecipient.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const lost = waIds.filter((w) => !perRecipient.has(w)).length;
    const times = sends.map((s) => s.at).sort((a, b) => a - b);
    const durationSec = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
    // N sends at R/s: the first goes at 0 s and the last in the last second's slot, (N / R − 1) s later at the earliest.
    const idealSec = Math.ceil(planned / RATE) - 1;
    const perSecond = new Map<number, number>();
    for (const t of times) perSecond.set(Math.floor((t - times[0]!) / 1000), (perSecond.get(Math.floor((t - times[0]!) / 1000)) ?? 0) + 1);
    const failures: string[] = [];
    if (duplicates) failures.push(`broadcast: ${duplicates} duplicate sends`);
    if (lost) failures.push(`broadcast: ${lost} recipients never reached the peer`);
    const result: BroadcastResult = {
      recipients: planned,
      ratePerSecond: RATE,
      durationSec: round(durationSec),
      idealSec,
      overIdealPct: round((durationSec / idealSec - 1) * 100),
      peakPerSec: Math.max(...perSecond.values()),
      duplicates,
      lost,
      cpuMsPerRecipient: { proxy: round(used.proxy / planned), runtime: round(used.runtime / planned) },
      failures,
    };
    ctx.log(
      `broadcast: ${planned} recipients in ${result.durationSec} s (ideal ${idealSec} s, ${result.overIdealPct}% over), peak ${result.peakPerSec}/s, ${duplicates} duplicates, ${lost} lost, runtime CPU ${result.cpuMsPerRecipient.runtime} ms/recipient`,
    );
    return result;
  } finally {
    await stack.server.stop();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

async function post<T>(stack: LiveStack, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${stack.url}${path}`, { method: "POST", headers: apiHeaders(stack.owner), body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
