/**
 * `npm run deploy`: put Parley on Cloudflare. Creates the D1 database, R2 bucket and queues when they do
 * not exist yet, writes the D1 id into both Workers' configs, applies migrations remotely, builds the
 * inbox and deploys the app Worker, then the webhook-only Worker that binds its Durable Objects. Secrets
 * are set once by hand (README: Deploying).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { devToolsProblems } from "./lib/deploy-guard";
import { run } from "./lib/run";

const quiet = { quiet: true } as const;

async function ensure(label: string, create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
    console.log(`created ${label}`);
  } catch (err) {
    if (/already exists|already taken|10026|11009|A bucket with this name/i.test(String(err))) console.log(`${label} exists`);
    else throw err;
  }
}

function refuseDevTools(secrets: Record<string, string[]>): void {
  const problems = devToolsProblems({
    configs: Object.fromEntries(CONFIGS.map((f) => [f, readFileSync(f, "utf8")])),
    shell: process.env.DEV_TOOLS,
    secrets,
  });
  if (!problems.length) return;
  console.error(`Refusing to deploy: DEV_TOOLS opens /api/dev/*, which is for a developer's own machine.\n- ${problems.join("\n- ")}`);
  process.exit(1);
}

async function secretNames(config: string): Promise<string[]> {
  // A Worker not deployed yet has no secrets to list; that is not a reason to stop.
  const out = await run("wrangler", ["secret", "list", "--format", "json", "--config", config], quiet).catch(() => "[]");
  try {
    return (JSON.parse(out) as { name: string }[]).map((s) => s.name);
  } catch {
    return [];
  }
}

const CONFIGS = ["wrangler.toml", "wrangler.hooks.toml"];
// Before anything else, so a mistake costs nothing: the files and the shell need no login.
refuseDevTools({});
await run("wrangler", ["whoami"], quiet).catch(() => {
  throw new Error("Not logged in to Cloudflare: run `npx wrangler login` first.");
});

refuseDevTools({ parley: await secretNames("wrangler.toml"), "parley-hooks": await secretNames("wrangler.hooks.toml") });

const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
if (readFileSync("wrangler.toml", "utf8").includes(`database_id = "${PLACEHOLDER_ID}"`)) {
  const out = await run("wrangler", ["d1", "create", "parley"], quiet);
  const id = /database_id\s*=\s*"([0-9a-f-]{36})"/.exec(out)?.[1] ?? /"database_id":\s*"([0-9a-f-]{36})"/.exec(out)?.[1];
  if (!id) throw new Error(`could not read the new D1 id from wrangler's output:\n${out}`);
  for (const config of CONFIGS) writeFileSync(config, readFileSync(config, "utf8").replace(PLACEHOLDER_ID, id));
  console.log(`created D1 database parley (${id}) and wrote its id into ${CONFIGS.join(" and ")}: commit that change`);
}
await ensure("R2 bucket parley-media", () => run("wrangler", ["r2", "bucket", "create", "parley-media"], quiet));
await ensure("queue parley-jobs", () => run("wrangler", ["queues", "create", "parley-jobs"], quiet));
await ensure("queue parley-jobs-dlq", () => run("wrangler", ["queues", "create", "parley-jobs-dlq"], quiet));

await run("wrangler", ["d1", "migrations", "apply", "DB", "--remote"], { env: { ...process.env, CI: "1" } });
await run("vite", ["build", "web", "--logLevel", "warn"]);
await run("wrangler", ["deploy"]);
// Second: its Durable Object bindings name classes the app Worker must already export.
const deployed = await run("wrangler", ["deploy", "--config", "wrangler.hooks.toml"]);
const hooksUrl = /https:\/\/\S+\.workers\.dev/.exec(deployed)?.[0];
const url = hooksUrl ?? "https://parley-hooks.<your-subdomain>.workers.dev";
// The numbers page shows admins where to point Meta: the first deploy tells the app that URL.
const EMPTY_WEBHOOK_ORIGIN = 'WEBHOOK_ORIGIN = ""';
const appToml = readFileSync("wrangler.toml", "utf8");
if (hooksUrl && appToml.includes(EMPTY_WEBHOOK_ORIGIN)) {
  writeFileSync("wrangler.toml", appToml.replace(EMPTY_WEBHOOK_ORIGIN, `WEBHOOK_ORIGIN = "${hooksUrl}"`));
  await run("wrangler", ["deploy"]);
  console.log(`wrote WEBHOOK_ORIGIN = "${hooksUrl}" into wrangler.toml and redeployed the app: commit that change`);
}
console.log(`
Deployed. In Meta's App Dashboard → WhatsApp → Configuration:
  Callback URL:  ${url}/webhooks/whatsapp   (the webhook-only Worker)
  Verify token:  the META_VERIFY_TOKEN secret you set
Then subscribe the app to the "messages" and "user_preferences" webhook fields.
`);
