/** `npm run deploy` refuses while DEV_TOOLS is on anywhere it would reach Cloudflare. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { devToolsInToml, devToolsProblems } from "../../scripts/lib/deploy-guard";

const configs = {
  "wrangler.toml": readFileSync("wrangler.toml", "utf8"),
  "wrangler.hooks.toml": readFileSync("wrangler.hooks.toml", "utf8"),
};

describe("the deploy guard", () => {
  it("lets the committed configs through", () => {
    expect(devToolsProblems({ configs, shell: undefined, secrets: { parley: ["META_APP_SECRET"] } })).toEqual([]);
    expect(devToolsProblems({ configs, shell: "0", secrets: {} })).toEqual([]);
  });

  it("finds DEV_TOOLS in [vars] (and an environment's vars), not in comments or other tables", () => {
    expect(devToolsInToml('[vars]\nAPP_ORIGIN = "x"\nDEV_TOOLS = "1"\n')).toBe("1");
    expect(devToolsInToml('[env.staging.vars]\nDEV_TOOLS = "1"\n')).toBe("1");
    expect(devToolsInToml('[vars]\n# DEV_TOOLS = "1"\n')).toBeUndefined();
    expect(devToolsInToml('[[queues.consumers]]\nDEV_TOOLS = "1"\n')).toBeUndefined();
  });

  it("names every place it is on", () => {
    const problems = devToolsProblems({
      configs: { ...configs, "wrangler.hooks.toml": `${configs["wrangler.hooks.toml"]}\n[vars]\nDEV_TOOLS = "1"\n` },
      shell: "1",
      secrets: { parley: ["DEV_TOOLS"] },
    });
    expect(problems).toEqual([
      expect.stringContaining("wrangler.hooks.toml sets DEV_TOOLS"),
      expect.stringContaining("DEV_TOOLS=1 is set in this shell"),
      expect.stringContaining("wrangler secret delete DEV_TOOLS --name parley"),
    ]);
  });

  it("stops `npm run deploy` before it touches Cloudflare", () => {
    const res = spawnSync("npx", ["tsx", "scripts/deploy.ts"], {
      env: { ...process.env, DEV_TOOLS: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("Refusing to deploy");
    expect(res.stdout).not.toContain("created");
  });
});
