/**
 * What must never reach Cloudflare: DEV_TOOLS on. It opens /api/dev/* (a read-back of any customer's
 * rows and log for the simulator), which exists for a developer's own machine only. A deploy refuses
 * while it is set in either Worker's [vars], in the shell, or as a secret of either deployed Worker.
 */
const ON = (value: string | undefined) => value !== undefined && value !== "" && value !== "0";

/** `DEV_TOOLS = "1"` under a `[vars]` table of a wrangler TOML file (comments and other tables ignored). */
export function devToolsInToml(toml: string): string | undefined {
  let inVars = false;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (/^\[\[?.*\]\]?$/.test(line)) inVars = /^\[(env\.[^.\]]+\.)?vars\]$/.test(line);
    else if (inVars) {
      const m = /^DEV_TOOLS\s*=\s*"?([^"]*)"?$/.exec(line);
      if (m) return m[1];
    }
  }
  return undefined;
}

export interface DeploySources {
  configs: Record<string, string>;
  shell: string | undefined;
  /** Names of the secrets each deployed Worker has, when they could be listed. */
  secrets: Record<string, string[]>;
}

/** Every place DEV_TOOLS is on, in words a developer can act on; empty when the deploy may go ahead. */
export function devToolsProblems(sources: DeploySources): string[] {
  const problems: string[] = [];
  for (const [file, toml] of Object.entries(sources.configs)) {
    const value = devToolsInToml(toml);
    if (ON(value)) problems.push(`${file} sets DEV_TOOLS = "${value}" under [vars]: remove it (it belongs in .dev.vars only).`);
  }
  if (ON(sources.shell)) problems.push(`DEV_TOOLS=${sources.shell} is set in this shell: unset DEV_TOOLS and run again.`);
  for (const [worker, names] of Object.entries(sources.secrets)) {
    if (names.includes("DEV_TOOLS"))
      problems.push(`the deployed Worker ${worker} has a DEV_TOOLS secret: npx wrangler secret delete DEV_TOOLS --name ${worker}`);
  }
  return problems;
}
