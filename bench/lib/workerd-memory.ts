/**
 * Memory of the runtime: resident set size of the workerd processes the bench started (wrangler's
 * dev proxy in front, and the runtime that runs the Worker and its Durable Objects). Linux only.
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
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    return { comm: stat.slice(stat.indexOf("(") + 1, close), ppid: Number(stat.slice(close + 2).split(" ")[1]) };
  } catch {
    return null; // exited between readdir and read
  }
}

/** null where /proc is not available. `publicPort` tells the proxy (which listens on it) from the runtime. */
export function workerdMemory(publicPort: number): WorkerdMemory | null {
  if (!existsSync("/proc/self/status")) return null;
  const procs = new Map<number, Proc>();
  for (const name of readdirSync("/proc")) if (/^\d+$/.test(name)) {
    const p = readProc(Number(name));
    if (p) procs.set(Number(name), p);
  }
  const ours = (pid: number): boolean => {
    for (let p = procs.get(pid), hops = 0; p && hops < 20; p = procs.get(p.ppid), hops++) if (p.ppid === process.pid) return true;
    return false;
  };
  const processes: WorkerdMemory["processes"] = [];
  for (const [pid, p] of procs) {
    if (p.comm !== "workerd" || !ours(pid)) continue;
    try {
      const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const openFiles = readdirSync(`/proc/${pid}/fd`).length;
      processes.push({ pid, role: cmdline.includes(`:${publicPort}`) ? "proxy" : "runtime", rssMiB: Math.round(rssKiB / 102.4) / 10, openFiles });
    } catch {
      // exited meanwhile
    }
  }
  return { totalMiB: Math.round(processes.reduce((a, p) => a + p.rssMiB, 0) * 10) / 10, processes };
}
