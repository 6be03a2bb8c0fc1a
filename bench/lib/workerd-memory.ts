/**
 * Memory and CPU of the runtime, per workerd process the bench started: the runtime that runs the
 * Worker and its Durable Objects, and, were the bench ever run through `wrangler dev` again, the dev
 * proxy in front of it (it relays every request and socket frame; production has no such hop). Telling
 * them apart says which costs are Parley's. Linux only.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface WorkerdMemory {
  /** Sum over the bench's workerd processes, MiB. */
  totalMiB: number;
  /** Each process: its role (the one serving the public port is wrangler's proxy) and RSS in MiB. */
  processes: { pid: number; role: "proxy" | "runtime"; rssMiB: number; openFiles: number }[];
}

interface Proc {
  ppid: number;
  comm: string;
  /** utime + stime, clock ticks. */
  ticks: number;
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    return { comm: stat.slice(stat.indexOf("(") + 1, close), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // exited between readdir and read
  }
}

/** The bench's workerd processes with their role (the proxy listens on `publicPort`). */
function ourWorkerds(publicPort: number): { pid: number; role: "proxy" | "runtime"; ticks: number }[] | null {
  if (!existsSync("/proc/self/status")) return null;
  const procs = new Map<number, Proc>();
  for (const name of readdirSync("/proc"))
    if (/^\d+$/.test(name)) {
      const p = readProc(Number(name));
      if (p) procs.set(Number(name), p);
    }
  const ours = (pid: number): boolean => {
    for (let p = procs.get(pid), hops = 0; p && hops < 20; p = procs.get(p.ppid), hops++) if (p.ppid === process.pid) return true;
    return false;
  };
  const found: { pid: number; role: "proxy" | "runtime"; ticks: number }[] = [];
  for (const [pid, p] of procs) {
    if (p.comm !== "workerd" || !ours(pid)) continue;
    try {
      // Miniflare's runtime (started by the bench itself) serves the public port directly; only a workerd
      // that some wrangler child runs in front of it is a proxy.
      const proxy = p.ppid !== process.pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(`:${publicPort}`);
      found.push({ pid, role: proxy ? "proxy" : "runtime", ticks: p.ticks });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** null where /proc is not available. */
export function workerdMemory(publicPort: number): WorkerdMemory | null {
  const found = ourWorkerds(publicPort);
  if (!found) return null;
  const processes: WorkerdMemory["processes"] = [];
  for (const { pid, role } of found) {
    try {
      const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      processes.push({ pid, role, rssMiB: Math.round(rssKiB / 102.4) / 10, openFiles: readdirSync(`/proc/${pid}/fd`).length });
    } catch {
      // exited meanwhile
    }
  }
  return { totalMiB: Math.round(processes.reduce((a, p) => a + p.rssMiB, 0) * 10) / 10, processes };
}

export interface RoleCpuMs {
  proxy: number;
  runtime: number;
}

/** Starts counting the proxy's and the runtime's CPU; `stop()` gives the ms each used since. */
export function roleCpu(publicPort: number): { stop(): RoleCpuMs } {
  const at = (list: ReturnType<typeof ourWorkerds>) => {
    const sum: RoleCpuMs = { proxy: 0, runtime: 0 };
    for (const p of list ?? []) sum[p.role] += (p.ticks * 1000) / TICKS_PER_SECOND;
    return sum;
  };
  const start = at(ourWorkerds(publicPort));
  return {
    stop() {
      const end = at(ourWorkerds(publicPort));
      return { proxy: Math.round(end.proxy - start.proxy), runtime: Math.round(end.runtime - start.runtime) };
    },
  };
}
