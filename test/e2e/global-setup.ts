/**
 * The real product for browser tests: wrangler's dev server (workerd) with local D1/DO/Queues/R2, the
 * local Meta peer, fresh state in a temp folder. Tests reach it over HTTP exactly as a user would, and
 * can ask for a server restart through a small control endpoint (the stack lives in this process).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { findChromium } from "../../scripts/lib/find-chromium";
import { startLocalStack } from "../../scripts/lib/local-stack";
import { run } from "../../scripts/lib/run";
import { LOCAL_DEFAULTS } from "../peers/dev-vars";

export default async function setup(project: TestProject) {
  // First, so a machine without a browser fails in a second with the fix, not after a build and a server start.
  const browser = findChromium();
  console.log(`e2e browser: ${browser.executablePath} (${browser.source})`);
  project.provide("chromium", browser);
  // A production bundle, as users get it (vitest's own NODE_ENV=test would build a development one).
  await run("vite", ["build", "web", "--logLevel", "error"], { quiet: true, env: { ...process.env, NODE_ENV: "production" } });
  const persistTo = mkdtempSync(join(tmpdir(), "parley-e2e-"));
  const stack = await startLocalStack({
    // Overridable so two checkouts on one machine can run their browser tests side by side.
    port: Number(process.env.E2E_PORT ?? 8797),
    peerPort: Number(process.env.E2E_PEER_PORT ?? 8798),
    // The mail peer takes peerPort + 1 unless told otherwise.
    ...(process.env.E2E_MAIL_PORT && { mailPort: Number(process.env.E2E_MAIL_PORT) }),
    persistTo,
    quiet: true,
    vars: {
      META_APP_SECRET: LOCAL_DEFAULTS.META_APP_SECRET,
      META_ACCESS_TOKEN: LOCAL_DEFAULTS.META_ACCESS_TOKEN,
      META_VERIFY_TOKEN: "e2e-verify-token",
      ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      JWT_KEYS: "e2e:ZTJlLW9ubHktand0LWtleS0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1",
      PASSWORD_PEPPER: "e2e-pepper",
      DEV_TOOLS: "0",
    },
  });
  const control = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/restart") {
      stack.restartWorker().then(
        () => res.writeHead(204).end(),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  project.provide("e2eUrl", stack.url);
  project.provide("e2ePeerUrl", stack.peer.url);
  project.provide("e2eMailUrl", stack.mail.url);
  project.provide("e2eStripeUrl", stack.stripe.url);
  project.provide("e2eOpenAiUrl", stack.openaiBaseUrl);
  project.provide("e2ePushUrl", stack.push.url);
  project.provide("e2eControlUrl", `http://127.0.0.1:${(control.address() as AddressInfo).port}`);
  return async () => {
    control.close();
    await stack.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
