/**
 * Where the CPU went during a phase: workerd vs the load clients vs the rest (wrangler, the bench
 * itself with the Meta peer). Read from /proc for this process's descendants only, so another stack
 * running on the machine (`npm start`) is not counted. Linux only; elsewhere the figures are null.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface CpuSnapshot {
  at: number;
  /** pid → command name and CPU clock ticks (user + system) so far. */
  procs: Map<number, { comm: string; ticks: number }>;
}

/** CPU used over the phase, in % of one core (two busy cores = 200%). */
export interface CpuShare {
  workerd: number;
  clients: number;
  other: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function snapshotCpu(rootPid: number = process.pid): CpuSnapshot | null {
  if (!existsSync("/proc/self/stat")) return null;
  const all = new Map<number, { comm: string; ppid: number; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.set(Number(name), stat);
  }
  const procs = new Map<number, { comm: string; ticks: number }>();
  const wanted = new Set([rootPid]);
  // Parents can have higher pids than children after pid wrap-around, so iterate to a fixed point.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of all) {
      if (!wanted.has(pid) && wanted.has(p.ppid)) {
        wanted.add(pid);
        grew = true;
      }
    }
  }
  for (const pid of wanted) {
    const p = all.get(pid);
    if (p) procs.set(pid, { comm: p.comm, ticks: p.ticks });
  }
  return { at: performance.now(), procs };
}

export function cpuBetween(before: CpuSnapshot | null, after: CpuSnapshot | null, clientPids: ReadonlySet<number>): CpuShare | null {
  if (!before || !after) return null;
  const seconds = (after.at - before.at) / 1000;
  const share: CpuShare = { workerd: 0, clients: 0, other: 0 };
  for (const [pid, p] of after.procs) {
    const used = (p.ticks - (before.procs.get(pid)?.ticks ?? 0)) / TICKS_PER_SECOND;
    const key = clientPids.has(pid) ? "clients" : p.comm === "workerd" ? "workerd" : "other";
    share[key] += used;
  }
  return { workerd: pct(share.workerd, seconds), clients: pct(share.clients, seconds), other: pct(share.other, seconds) };
}

const pct = (cpuSeconds: number, wallSeconds: number) => Math.round((cpuSeconds / wallSeconds) * 100);

function readStat(pid: number): { comm: string; ppid: number; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    return { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // exited between readdir and read
  }
}
