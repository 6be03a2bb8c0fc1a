/**
 * `npm run bench:perf -- [seconds]`: where the runtime's CPU goes, across all its isolates at once.
 * DevTools profiles (`bench:profile`) see one isolate each, and every isolate shares the runtime's
 * thread, so they cannot say how the thread's time splits between Parley, miniflare's own Workers (the
 * entry Worker, the local D1 and queue) and the runtime's native plumbing (RPC, HTTP, sockets). Linux
 * `perf` can: start the bench with V8's perf map on (`BENCH_PERF=1 npm run bench -- latency`), then run
 * this during the phase to look at. It samples every workerd the bench started, writes
 * bench/results/perf.data, and prints the split and the JavaScript functions with the most inclusive time.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const seconds = Number(process.argv[2] ?? 3);
const data = "bench/results/perf.data";

/** Each bundle the runtime runs, by the file name V8 reports, as the isolate it is. */
const ISOLATES: [RegExp, string][] = [
  [/^index\.js$/, "Parley app Worker and its Durable Objects"],
  [/^hooks\.js$/, "Parley webhook-only Worker"],
  [/^database\.worker\.js$/, "local D1 (miniflare)"],
  [/^entry\.worker\.js$/, "miniflare's entry Worker"],
  [/^broker\.worker\.js$/, "local queue broker (miniflare)"],
];
/** Samples without any JavaScript on the stack, by what they were doing. */
const NATIVE: [RegExp, string][] = [
  [/deflate|longest_match|build_tree/, "WebSocket compression (zlib)"],
  [/sqlite3/, "SQLite"],
  [/Scavenge|MarkCompact|Heap::Collect|cppgc|Sweeper|GCTracer/, "garbage collection"],
];

const pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p) && isWorkerdServe(p));
if (!pids.length) fail("no workerd is running: start a bench first (BENCH_PERF=1 npm run bench -- <scenario>)");
if (!pids.every((p) => existsSync(`/tmp/perf-${p}.map`)))
  fail("workerd has no perf map, so JavaScript frames would be unnamed: start the bench with BENCH_PERF=1");
if (spawnSync("perf", ["--version"]).error) fail("Linux perf is not installed (Debian: apt-get install linux-perf)");

console.log(`sampling workerd ${pids.join(", ")} for ${seconds} s`);
execFileSync("perf", ["record", "-F", "4000", "-g", "-p", pids.join(","), "-o", data, "--", "sleep", String(seconds)], {
  stdio: ["ignore", "ignore", "inherit"],
});
const script = execFileSync("perf", ["script", "-i", data, "-F", "ip,sym"], {
  maxBuffer: 1 << 30,
  stdio: ["ignore", "pipe", "ignore"],
}).toString();

const JS_FRAME = /JS:\S?'?(\S*) (\S+?\.js):(\d+)/;
const byPlace = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
for (const sample of script.split("\n\n")) {
  const frames = sample
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (!frames.length) continue;
  total++;
  const js = frames.flatMap((f) => {
    const m = JS_FRAME.exec(f);
    return m ? [{ name: m[1] || "(anonymous)", file: m[2]!, line: m[3]! }] : [];
  });
  if (js.length) {
    // The innermost JavaScript frame says which isolate the thread was in; native work it called counts there.
    const file = js[0]!.file;
    add(byPlace, ISOLATES.find(([re]) => re.test(file))?.[1] ?? `other JavaScript (${file})`);
    for (const key of new Set(js.map((f) => `${f.file} ${f.name}:${f.line}`))) add(inclusive, key);
  } else if (/^f{6}/.test(frames[0]!)) {
    add(byPlace, "kernel (sockets, scheduling) outside any JavaScript");
  } else {
    const stack = frames.join(" ");
    add(byPlace, NATIVE.find(([re]) => re.test(stack))?.[1] ?? "runtime plumbing (RPC, HTTP, event loop) outside any JavaScript");
  }
}

const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
console.log(`\n${total} samples; where the thread was:`);
for (const [k, n] of [...byPlace].sort((a, b) => b[1] - a[1])) console.log(`${pct(n)}  ${k}`);
console.log("\nJavaScript functions, inclusive (line numbers are the bundles' in bench state's bundle/ directories):");
for (const [k, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${pct(n)}  ${k}`);

function isWorkerdServe(pid: string): boolean {
  try {
    return (
      readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd" &&
      readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes("serve")
    );
  } catch {
    return false; // exited while we looked
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
