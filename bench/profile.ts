/**
 * `npm run bench:profile -- [port] [seconds]`: a JavaScript CPU profile of Parley's runtime while a
 * benchmark drives it. Start the bench with the inspector on (`BENCH_INSPECTOR_PORT=9230 npm run bench
 * -- ingest`), then run this during the phase to look at: it samples the Worker's isolate (the Worker
 * and every Durable Object) through DevTools' protocol, writes bench/results/runtime.cpuprofile (open it
 * in Chrome DevTools' Performance panel) and prints the functions with the most self time.
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

const port = Number(process.argv[2] ?? process.env.BENCH_INSPECTOR_PORT ?? 9230);
const seconds = Number(process.argv[3] ?? 6);
const out = "bench/results/runtime.cpuprofile";

const listing = await fetch(`http://127.0.0.1:${port}/json`).catch(() => null);
if (!listing) {
  console.error(`no runtime inspector on 127.0.0.1:${port}: start the bench with BENCH_INSPECTOR_PORT=${port} npm run bench -- <scenario>, then run this during the phase`);
  process.exit(2);
}
const targets = (await listing.json()) as { title: string; webSocketDebuggerUrl: string }[];
// Miniflare names the user Worker's service `core:user:<name>`; the rest are its own (D1, queues, assets).
const target = targets.find((t) => /core:user:/.test(t.title));
if (!target) throw new Error(`no Worker isolate among the inspector's targets: ${targets.map((t) => t.title).join(", ")}`);

const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
let nextId = 0;
const waiting = new Map<number, (result: unknown) => void>();
// A large answer (the profile) can come as a binary frame.
ws.binaryType = "arraybuffer";
ws.onmessage = (e) => {
  const text = typeof e.data === "string" ? e.data : new TextDecoder().decode(e.data as ArrayBuffer);
  const m = JSON.parse(text) as { id?: number; result?: unknown };
  if (m.id !== undefined) waiting.get(m.id)?.(m.result);
};
let closed: string | null = null;
ws.onclose = (e) => {
  closed = `the inspector closed the session (${e.code} ${e.reason})`;
  for (const reject of failing.values()) reject(new Error(closed));
};
const failing = new Map<number, (err: Error) => void>();
const call = <T>(method: string, params: object = {}) =>
  new Promise<T>((resolve, reject) => {
    if (closed) return reject(new Error(closed));
    const id = ++nextId;
    waiting.set(id, resolve as (r: unknown) => void);
    failing.set(id, reject);
    ws.send(JSON.stringify({ id, method, params }));
  });

await call("Runtime.enable");
await call("Profiler.enable");
await call("Profiler.setSamplingInterval", { interval: 200 });
await call("Profiler.start");
console.log(`profiling ${target.title} for ${seconds} s`);
await new Promise((r) => setTimeout(r, seconds * 1000));
const { profile } = await call<{ profile: Profile }>("Profiler.stop");
ws.close();
mkdirSync("bench/results", { recursive: true });
writeFileSync(out, JSON.stringify(profile));

// Self time per function (native work is charged to the JavaScript that called it).
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const f = nodes.get(id)!.callFrame;
  const key = `${f.functionName || "(anonymous)"}  ${f.url.split("/").slice(-1)[0] ?? ""}:${f.lineNumber + 1}`;
  const us = profile.timeDeltas[i] ?? 0;
  self.set(key, (self.get(key) ?? 0) + us);
  total += us;
});
console.log(`wrote ${out}; self time, top 30 of ${(total / 1000).toFixed(0)} ms sampled:`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}
