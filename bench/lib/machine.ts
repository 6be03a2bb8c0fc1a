/** What the figures were measured on: without it, a throughput number means nothing. */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";

export interface MachineFacts {
  date: string;
  cpuModel: string;
  cores: number;
  totalMemoryGiB: number;
  /** 1-minute load average when the bench started: anything else busy skews the figures. */
  loadAverageAtStart: number;
  os: string;
  node: string;
  wrangler: string;
  workerd: string;
  miniflare: string;
  /** Where the runtime kept D1 and Durable Object state during the run, and on what filesystem. */
  state: { dir: string; filesystem: string };
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    wrangler: packageVersion("wrangler"),
    workerd: packageVersion("workerd"),
    miniflare: packageVersion("miniflare"),
    state: { dir: benchStateDir(), filesystem: filesystemOf(benchStateDir()) },
  };
}

/**
 * Where the bench keeps the runtime's state: memory-backed when the machine has it, unless
 * BENCH_STATE_DIR says otherwise. Locally every Durable Object and D1 commit is an fsync of a SQLite
 * file; on this VM's disk that blocked the runtime's only thread for ~40% of an ingest (perf), a cost of
 * the disk, not of the code or of Cloudflare's storage. BENCH_STATE_DIR=/tmp measures with it.
 */
export function benchStateDir(): string {
  return process.env.BENCH_STATE_DIR ?? (existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir());
}

function filesystemOf(dir: string): string {
  try {
    const mounts = readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .map((line) => line.split(" "))
      .filter((f) => f.length > 2 && (dir === f[1] || dir.startsWith(`${f[1]}/`) || f[1] === "/"));
    return mounts.sort((a, b) => b[1]!.length - a[1]!.length)[0]?.[2] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The installed version that ran: wrangler's own copy first (the bench runs its miniflare and workerd). */
function packageVersion(name: string): string {
  for (const dir of [`node_modules/wrangler/node_modules/${name}`, `node_modules/${name}`]) {
    try {
      return (JSON.parse(readFileSync(`${dir}/package.json`, "utf8")) as { version: string }).version;
    } catch {
      // not installed there
    }
  }
  return "unknown";
}
