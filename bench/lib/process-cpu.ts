/**
 * Where the CPU went during a phase: workerd vs the load clients vs the rest of the bench's own
 * process tree (wrangler, esbuild, the bench with the Meta peer), and how busy the machine was with
 * anything else (`foreign`), which is what makes a run's figures suspect. Foreign is the machine's
 * busy time from /proc/stat minus the bench's: it sees load this container's /proc cannot list
 * (other containers on the same VM) and hypervisor steal. Linux only; elsewhere the figures are null.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** CPU used over the phase, in % of one core (two busy cores = 200%). */
export interface CpuShare {
  workerd: number;
  clients: number;
  other: number;
  foreign: number;
}

interface Proc {
  comm: string;
  ppid: number;
  ticks: number;
}

/**
 * A process that exits mid-phase (a workerd that wrangler restarts) takes its counters with it, so
 * the tree is sampled through the phase and each process counts with the last ticks it was seen at.
 */
const SAMPLE_EVERY_MS = 500;

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export class CpuMeter {
  private readonly startedAt = performance.now();
  private readonly machineAtStart = machineBusyTicks();
  private readonly atStart: Map<number, Proc>;
  private readonly lastSeen: Map<number, Proc>;
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly clientPids: ReadonlySet<number>) {
    this.atStart = processTree();
    this.lastSeen = new Map(this.atStart);
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  static start(clientPids: ReadonlySet<number>): CpuMeter | null {
    return existsSync("/proc/stat") ? new CpuMeter(clientPids) : null;
  }

  stop(): CpuShare {
    clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const used = { workerd: 0, clients: 0, other: 0 };
    for (const [pid, p] of this.lastSeen) {
      const key = this.clientPids.has(pid) ? "clients" : p.comm === "workerd" ? "workerd" : "other";
      used[key] += (p.ticks - (this.atStart.get(pid)?.ticks ?? 0)) / TICKS_PER_SECOND;
    }
    const ours = used.workerd + used.clients + used.other;
    const foreign = Math.max(0, (machineBusyTicks() - this.machineAtStart) / TICKS_PER_SECOND - ours);
    const pct = (cpuSeconds: number) => Math.round((cpuSeconds / seconds) * 100);
    return { workerd: pct(used.workerd), clients: pct(used.clients), other: pct(used.other), foreign: pct(foreign) };
  }

  private sample(): void {
    for (const [pid, p] of processTree()) this.lastSeen.set(pid, p);
  }
}

/** This process and its descendants. */
function processTree(rootPid: number = process.pid): Map<number, Proc> {
  const all = new Map<number, Proc>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.set(Number(name), stat);
  }
  const tree = new Map<number, Proc>();
  const root = all.get(rootPid);
  if (root) tree.set(rootPid, root);
  // Parents can have higher pids than children after pid wrap-around, so iterate to a fixed point.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of all) {
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.set(pid, p);
        grew = true;
      }
    }
  }
  return tree;
}

/** user + nice + system + irq + softirq + steal from /proc/stat's first line (idle and iowait left out). */
function machineBusyTicks(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

function readStat(pid: number): Proc | null {
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
