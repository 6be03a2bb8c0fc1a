/** What the figures were measured on: without it, a throughput number means nothing. */
import { readFileSync } from "node:fs";
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
  };
}

/** The installed version, from node_modules (what actually ran, not what package.json asks for). */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}
