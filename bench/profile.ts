/**
 * `npm run bench:profile -- [port] [seconds]`: JavaScript CPU profiles of Parley's Workers while a
 * benchmark drives them. Start the bench with the inspector on (`BENCH_INSPECTOR_PORT=9230 npm run bench
 * -- ingest`), then run this during the phase to look at: it samples each of Parley's isolates at once
 * (the app Worker with every Durable Object, and the webhook-only Worker) through DevTools' protocol,
 * writes bench/results/<worker>.cpuprofile for each (open them in Chrome DevTools' Performance panel)
 * and prints the functions with the most self time in each.
 *
 * All isolates share the runtime's thread, so compare functions within one profile, not totals across
 * them: a profiler also counts time its isolate spent waiting on another as `(program)`.
 */
import { mkdirSync, writeFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface Target {
  title: string;
  webSocketDebuggerUrl: string;
}

const port = Number(process.argv[2] ?? process.env.BENCH_INSPECTOR_PORT ?? 9230);
const seconds = Number(process.argv[3] ?? 6);

const listing = await fetch(`http://127.0.0.1:${port}/json`).catch(() => null);
if (!listing) {
  console.error(
    `no runtime inspector on 127.0.0.1:${port}: start the bench with BENCH_INSPECTOR_PORT=${port} npm run bench -- <scenario>, then run this during the phase`,
  );
  process.exit(2);
}
const all = (await listing.json()) as Target[];
// Miniflare names a user Worker's service `core:user:<name>`; the rest are its own (D1, queues, assets).
const targets = all.filter((t) => /core:user:/.test(t.title));
if (!targets.length) throw new Error(`no Worker isolate among the inspector's targets: ${all.map((t) => t.title).join(", ")}`);

console.log(`profiling ${targets.map((t) => t.title).join(", ")} for ${seconds} s`);
const profiles = await Promise.all(targets.map((t) => profileOf(t, seconds)));
mkdirSync("bench/results", { recursive: true });
for (const [i, t] of targets.entries()) report(t.title.replace(/^.*core:user:/, ""), profiles[i]!);

async function profileOf(target: Target, seconds: number): Promise<Profile> {
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  let nextId = 0;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (err: Error) => void }>();
  // A large answer (the profile) can come as a binary frame.
  ws.binaryType = "arraybuffer";
  ws.onmessage = (e) => {
    const text = typeof e.data === "string" ? e.data : new TextDecoder().decode(e.data as ArrayBuffer);
    const m = JSON.parse(text) as { id?: number; result?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.resolve(m.result);
  };
  let closed: string | null = null;
  ws.onclose = (e) => {
    closed = `the inspector closed the session of ${target.title} (${e.code} ${e.reason})`;
    for (const w of waiting.values()) w.reject(new Error(closed));
  };
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error(closed));
      const id = ++nextId;
      waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });

  await call("Runtime.enable");
  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 200 });
  await call("Profiler.start");
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const { profile } = await call<{ profile: Profile }>("Profiler.stop");
  ws.close();
  return profile;
}

/** Self time per function (native work is charged to the JavaScript that called it). */
function report(worker: string, profile: Profile): void {
  const out = `bench/results/${worker}.cpuprofile`;
  writeFileSync(out, JSON.stringify(profile));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id)!.callFrame;
    if (f.functionName === "(idle)") return;
    const key = `${f.functionName || "(anonymous)"}  ${f.url.split("/").slice(-1)[0] ?? ""}:${f.lineNumber + 1}`;
    const us = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  console.log(`\n${worker}: wrote ${out}; self time, top 25 of ${(total / 1000).toFixed(0)} ms sampled outside (idle):`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
}
