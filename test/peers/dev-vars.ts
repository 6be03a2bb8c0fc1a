import { readFileSync } from "node:fs";
import { join } from "node:path";

/** What local tools fall back to with no environment and no `.dev.vars`; none of it is a real secret. */
export const LOCAL_DEFAULTS = {
  META_APP_SECRET: "test_app_secret_not_real_0123456789abcdef",
  META_ACCESS_TOKEN: "local-dev-access-token",
  PARLEY_URL: "http://127.0.0.1:8787",
  GRAPH_API_BASE: "http://127.0.0.1:8788",
} as const;

/** wrangler's `.dev.vars` format: KEY=VALUE lines, `#` comments, optional surrounding quotes. */
export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match === null || match[1] === undefined || match[2] === undefined) continue;
    vars[match[1]] = unquote(match[2]);
  }
  return vars;
}

/** `.dev.vars` in `cwd`, or nothing when there is none (a fresh checkout before `npm start`). */
export function readDevVars(cwd: string = process.cwd()): Record<string, string> {
  try {
    return parseDevVars(readFileSync(join(cwd, ".dev.vars"), "utf8"));
  } catch {
    return {};
  }
}

/** Environment first, then `.dev.vars`, then the local default, so local tools agree with `wrangler dev`. */
export function configValue(name: string, fallback: string, devVars: Record<string, string> = readDevVars()): string {
  const fromEnv = process.env[name];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  return devVars[name] ?? fallback;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}
