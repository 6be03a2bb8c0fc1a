/**
 * The live scenarios' part of the results file and of the printed table: figures against the
 * issue's targets, correctness failures, and what disturbed the run.
 */
import type { FanoutResult } from "../scenarios/fanout";
import type { IdleResult } from "../scenarios/idle";
import type { LatencyResult } from "../scenarios/latency";
import type { ResumeResult } from "../scenarios/resume";
import type { SendResult } from "../scenarios/send";
import type { UiResult } from "../scenarios/ui";
import type { Latency } from "./live-figures";
import type { CpuShare } from "./process-cpu";
import type { RoleCpuMs, WorkerdMemory } from "./workerd-memory";

export interface LiveResults {
  latency?: LatencyResult;
  fanout?: FanoutResult;
  resume?: ResumeResult;
  send?: SendResult;
  idle?: IdleResult;
  ui?: UiResult;
  /** Scenarios that threw before they could report (the others still ran). */
  errors: string[];
}

/** The issue's targets (2-core machine). */
export const TARGETS = {
  latencyP99Ms: { 100: 15, 500: 30 } as Record<number, number>,
  fanoutP99Ms500: 30,
  resumeMs: 150,
  sendP99Ms: 50,
  bundleGzipKiB: 80,
  openConversationMs: 300,
} as const;

export function liveFailures(r: LiveResults): string[] {
  return [...r.errors, ...[r.latency, r.fanout, r.resume, r.send, r.idle, r.ui].flatMap((x) => x?.failures ?? [])];
}

/** Same threshold as the ingest phases: above it, other programs shaped the figures. */
const FOREIGN_CPU_WARNING = 20;

export function liveDisturbances(r: LiveResults): string[] {
  const phases: [string, CpuShare | null][] = [
    ...(r.latency?.variants ?? []).map((v): [string, CpuShare | null] => [`latency ${v.perSec}/s`, v.cpu]),
    ...(r.fanout?.levels ?? []).map((l): [string, CpuShare | null] => [`fanout ${l.sockets} sockets`, l.cpu]),
    ...(r.fanout?.reference
      ? [[`fanout reference ${r.fanout.reference.sockets} sockets`, r.fanout.reference.cpu] as [string, CpuShare | null]]
      : []),
    ...(r.send?.variants ?? []).map((v): [string, CpuShare | null] => [`send ${v.perSec}/s`, v.cpu]),
    ...(r.idle
      ? [
          ["idle quiet", r.idle.quiet.cpu] as [string, CpuShare | null],
          ["idle heartbeat", r.idle.heartbeat.cpu] as [string, CpuShare | null],
        ]
      : []),
    ...(r.ui ? [["ui samples", r.ui.cpu] as [string, CpuShare | null]] : []),
  ];
  return [
    ...phases.flatMap(([name, cpu]) =>
      (cpu?.foreign ?? 0) > FOREIGN_CPU_WARNING
        ? [`${name}: something other than the bench used ${cpu?.foreign}% of a core during the phase; figures are disturbed`]
        : [],
    ),
    ...(r.ui && !r.ui.settled.quiet
      ? [`ui: the runtime was still busy ${r.ui.settled.waitedMs} ms after seeding; its samples are disturbed`]
      : []),
  ];
}

const ms = (l: Latency) => `${l.p50} / ${l.p95} / ${l.p99}`;
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const cpuText = (c: CpuShare | null) => (c ? `${c.workerd}/${c.clients}/${c.other}/${c.foreign}` : "n/a");
const split = (c: RoleCpuMs) => `${c.proxy} / ${c.runtime}`;

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((cells) => cells[i]!.length)));
  for (const cells of rows) console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
}

export function printLive(r: LiveResults): void {
  if (r.latency) {
    console.log(
      `\nlatency: webhook POST scheduled → frame on the agent's sockets, open loop over ${r.latency.customers} conversations (ms p50 / p95 / p99)`,
    );
    const rows = [
      [
        "rate",
        "events",
        "acked/s",
        "room socket",
        "inbox socket",
        "webhook ack",
        "sender lag p99",
        "CPU ms/event proxy / runtime",
        "CPU% w/c/o/f",
        "target p99",
        "",
      ],
    ];
    for (const v of r.latency.variants) {
      const target = TARGETS.latencyP99Ms[v.perSec];
      const worst = Math.max(v.roomMs.p99, v.inboxMs.p99);
      rows.push([
        `${v.perSec}/s`,
        String(v.events),
        String(v.achievedPerSec),
        ms(v.roomMs),
        ms(v.inboxMs),
        ms(v.ackMs),
        String(v.senderLagMs.p99),
        split(v.cpuMsPerEvent),
        cpuText(v.cpu),
        target ? `≤ ${target}` : "—",
        target ? verdict(worst <= target) : "",
      ]);
    }
    table(rows);
  }
  if (r.fanout) {
    console.log(
      "\nfanout: one conversation, a message every 200 ms; webhook scheduled → frame on the last / first socket (ms p50 / p95 / p99)",
    );
    const rows = [
      [
        "sockets",
        "messages",
        "last socket",
        "first socket",
        "webhook ack",
        "sender lag p99",
        "opened/s",
        "CPU ms/message proxy / runtime",
        "CPU% w/c/o/f",
        "target p99",
        "",
      ],
    ];
    for (const l of r.fanout.levels) {
      const target = l.sockets === 500 ? TARGETS.fanoutP99Ms500 : null;
      rows.push([
        String(l.sockets),
        String(l.messages),
        ms(l.lastSocketMs),
        ms(l.firstSocketMs),
        ms(l.ackMs),
        String(l.senderLagMs.p99),
        String(l.openedPerSec),
        split(l.cpuMsPerMessage),
        cpuText(l.cpu),
        target ? `≤ ${target}` : "—",
        target ? verdict(l.lastSocketMs.p99 <= target) : "",
      ]);
    }
    const ref = r.fanout.reference;
    if (ref)
      rows.push([
        `${ref.sockets}, bare object`,
        String(ref.messages),
        ms(ref.lastSocketMs),
        ms(ref.firstSocketMs),
        ms(ref.ackMs),
        String(ref.senderLagMs.p99),
        String(ref.openedPerSec),
        split(ref.cpuMsPerMessage),
        cpuText(ref.cpu),
        "reference",
        "",
      ]);
    table(rows);
  }
  if (r.resume) {
    const x = r.resume;
    console.log(
      `\nresume: reconnect with ?after= after missing ${x.missed} messages, ${x.reconnects} times: current (ready, all replayed) p50 ${x.currentMs.p50} ms, max ${x.currentMs.max} ms, first ${x.firstMs} ms`,
    );
    console.log(
      `  of which handshake p50 ${x.handshakeMs.p50} ms, replay p50 ${x.replayMs.p50} ms; the same reconnect with nothing missed p50 ${x.nothingMissedMs.p50} ms; CPU per reconnect proxy / runtime ${split(x.cpuMsPerReconnect)} ms; target ≤ ${TARGETS.resumeMs} ms (for 1,000 missed): ${x.missed === 1000 ? verdict(x.currentMs.max <= TARGETS.resumeMs) : "—"}`,
    );
  }
  if (r.send) {
    const x = r.send;
    const d = x.peerDelaysMs;
    console.log(
      `\nsend: API sends, open loop (per-number limit ${x.sendRatePerSecond}/s); each leg from the send's scheduled time (ms p50 / p95 / p99); the peer posts sent/delivered/read ${d.sent}/${d.delivered}/${d.read} ms after accepting a send`,
    );
    const rows = [
      [
        "rate",
        "sends",
        "API ack (201)",
        "queued frame",
        "Graph peer received",
        "sent tick",
        "delivered tick",
        "read tick",
        "CPU ms/send proxy / runtime",
        "CPU% w/c/o/f",
        "target p99",
        "",
      ],
    ];
    for (const v of x.variants) {
      const target = v.perSec === 100 ? TARGETS.sendP99Ms : null;
      rows.push([
        `${v.perSec}/s`,
        String(v.sends),
        ms(v.apiAckMs),
        ms(v.queuedFrameMs),
        ms(v.peerReceivedMs),
        ms(v.sentTickMs),
        ms(v.deliveredTickMs),
        ms(v.readTickMs),
        split(v.cpuMsPerSend),
        cpuText(v.cpu),
        target ? `≤ ${target}` : "—",
        target ? verdict(v.readTickMs.p99 <= target) : "",
      ]);
    }
    table(rows);
  }
  if (r.idle) {
    const x = r.idle;
    const mem = (m: WorkerdMemory | null) =>
      m ? `${m.totalMiB} MiB (${m.processes.map((p) => `${p.role} ${p.rssMiB} MiB, ${p.openFiles} fds`).join("; ")})` : "n/a";
    console.log(`\nidle: ${x.sockets} sockets opened in ${x.opened.seconds} s (${x.opened.perSec}/s); workerd RSS`);
    console.log(`  before ${mem(x.memory.before)}\n  open   ${mem(x.memory.afterOpen)}\n  idle   ${mem(x.memory.afterIdle)}`);
    console.log(`  closed (${x.closeSeconds} s later) ${mem(x.memory.afterClose)}`);
    console.log(
      `  → ${x.miBPer1000Sockets ?? "n/a"} MiB per 1,000 sockets (${Object.entries(x.byRoleMiBPer1000 ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}) (target: report it)`,
    );
    const h = x.heartbeat;
    console.log(
      `  heartbeat every ${h.everyMs / 1000} s: ${h.pings} pings, ${h.pongs} pongs; workerd CPU (proxy / runtime) ${split(h.cpuMsByRole.quiet)} ms quiet → ${split(h.cpuMsByRole.pinging)} ms pinging, over the same time: ${h.workerdCpuUsPerPing ?? "n/a"} µs per ping; clients ${x.clientsRssMiB} MiB`,
    );
  }
  if (r.ui) {
    const x = r.ui;
    const b = x.bundle;
    console.log(
      `\nui: web bundle ${b.totalJsGzipKiB} KiB gzip JS in all (${b.totalJsRawKiB} KiB raw), ${b.initialJsGzipKiB} KiB before the first route, ${x.inboxRouteJsGzipKiB ?? "n/a"} KiB fetched to show the inbox and open a conversation; CSS ${b.cssGzipKiB} KiB gzip; target JS ≤ ${TARGETS.bundleGzipKiB} KiB: ${verdict(b.totalJsGzipKiB <= TARGETS.bundleGzipKiB)}`,
    );
    console.log(
      `  Chromium, ${x.conversations} conversations, fresh context each sample (ms p50 / p95 / p99 over ${x.showInboxMs.n}); runtime quiet ${x.settled.waitedMs} ms after seeding; CPU% w/c/o/f ${cpuText(x.cpu)}:`,
    );
    table([
      ["", "latency", "target", ""],
      ["show the inbox (navigation → first rows)", ms(x.showInboxMs), "—", ""],
      [
        `open a ${x.messagesInOpened}-message conversation (click → newest message)`,
        ms(x.openConversationMs),
        `≤ ${TARGETS.openConversationMs}`,
        verdict(x.openConversationMs.max <= TARGETS.openConversationMs),
      ],
      ["open it again after another one", ms(x.reopenConversationMs), "—", ""],
      [`show the inbox, ${x.remote.rttMs} ms added per request (over ${x.remote.showInboxMs.n})`, ms(x.remote.showInboxMs), "—", ""],
      [`open the long conversation, ${x.remote.rttMs} ms added per request`, ms(x.remote.openConversationMs), "—", ""],
      ["API: list page (50 rows)", ms(x.apiMs.listPage), "—", ""],
      ["API: history page (50 messages)", ms(x.apiMs.historyPage), "—", ""],
    ]);
  }
  const failures = liveFailures(r);
  if (failures.length) console.log(`\nFAIL (live)\n${failures.map((f) => `  ${f}`).join("\n")}`);
  else if (r.latency || r.fanout || r.resume || r.send || r.idle || r.ui)
    console.log("\nPASS (live): every event reached every socket exactly once, in sequence order, and every other check held");
}
