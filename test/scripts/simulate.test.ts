import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMetaGraphPeer, type MetaGraphPeer } from "../peers/meta-graph.js";
import { DEFAULT_MEDIA_BYTES, mediaSha256 } from "../peers/meta-media.js";
import { isValidMetaSignature } from "../peers/meta-signature.js";
import type { InboundMessage, WebhookBody } from "../peers/webhook-builders.js";
import { startWebhookReceiver, type WebhookReceiver } from "../peers/webhook-receiver.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const SCRIPT = join(ROOT, "scripts/simulate.ts");
const DEV_VARS_SECRET = "secret-from-dev-vars";

let receiver: WebhookReceiver;
let workDir: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // A cwd with its own .dev.vars proves the script reads it when the environment has no secret.
  workDir = await mkdtemp(join(tmpdir(), "parley-simulate-"));
  await writeFile(join(workDir, ".dev.vars"), `# local\nMETA_APP_SECRET="${DEV_VARS_SECRET}"\n`);
});

afterEach(() => {
  receiver.posts.length = 0;
  receiver.respondWith(200);
});

afterAll(async () => {
  await receiver.close();
  await rm(workDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function simulate(args: string[], env: Record<string, string> = {}, options: { url?: boolean } = {}): Promise<Run> {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(META_|PARLEY_|DEMO_|GRAPH_|PORT$)/.test(name)));
  const base = receiver.url.replace(/\/webhooks\/whatsapp$/, "");
  const url = options.url === false ? [] : ["--url", base];
  return new Promise((done) => {
    execFile(TSX, [SCRIPT, ...url, ...args], { cwd: workDir, env: { ...cleanEnv, ...env } }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
  });
}

function messagesOf(body: unknown): InboundMessage[] {
  return (body as WebhookBody).entry[0]?.changes[0]?.value.messages ?? [];
}

describe("scripts/simulate.ts", () => {
  it("sends a text webhook signed with the .dev.vars secret, and prints the wamid and status", async () => {
    const run = await simulate(["--from", "447700900123", "--name", "Ana", "--text", "Hola 👋"]);
    expect(run.code).toBe(0);
    const [post] = receiver.posts;
    expect(post?.path).toBe("/webhooks/whatsapp");
    expect(isValidMetaSignature(DEV_VARS_SECRET, post?.raw ?? "", String(post?.headers["x-hub-signature-256"]))).toBe(true);
    expect(post?.body).toMatchObject({
      entry: [
        {
          changes: [
            {
              value: {
                metadata: { phone_number_id: "106540352242922", display_phone_number: "15550783881" },
                contacts: [{ profile: { name: "Ana" }, wa_id: "447700900123" }],
              },
            },
          ],
        },
      ],
    });
    const [message] = messagesOf(post?.body);
    expect(message).toMatchObject({ from: "447700900123", type: "text", text: { body: "Hola 👋" } });
    expect(run.stdout).toContain(message?.id);
    expect(run.stdout).toContain("→ 200");
  }, 20_000);

  it("batches numbered messages into one POST with --batch, one POST each without", async () => {
    const env = { META_APP_SECRET: "env-secret", DEMO_PHONE_NUMBER_ID: "555" };
    expect((await simulate(["--count", "3", "--batch", "--text", "burst"], env)).code).toBe(0);
    expect(receiver.posts).toHaveLength(1);
    expect(
      isValidMetaSignature("env-secret", receiver.posts[0]?.raw ?? "", String(receiver.posts[0]?.headers["x-hub-signature-256"])),
    ).toBe(true);
    expect(messagesOf(receiver.posts[0]?.body).map((message) => message.type === "text" && message.text.body)).toEqual([
      "burst (1/3)",
      "burst (2/3)",
      "burst (3/3)",
    ]);
    expect((await simulate(["--count", "2", "--phone-number-id", "777"], env)).code).toBe(0);
    expect(receiver.posts).toHaveLength(3);
    expect(receiver.posts[2]?.body).toMatchObject({ entry: [{ changes: [{ value: { metadata: { phone_number_id: "777" } } }] }] });
  }, 20_000);

  it("builds reactions, locations, buttons, replies and BSUIDs", async () => {
    await simulate(["--reaction", "❤️", "--to", "wamid.target", "--user-id", "US.1234"]);
    await simulate(["--location", "52.52,13.405,Alexanderplatz, Berlin", "--reply-to", "wamid.prev"]);
    await simulate(["--button", "Track order"]);
    const [reaction, location, button] = receiver.posts.map((post) => messagesOf(post.body)[0]);
    expect(reaction).toMatchObject({ type: "reaction", from_user_id: "US.1234", reaction: { message_id: "wamid.target", emoji: "❤️" } });
    expect(location).toMatchObject({
      type: "location",
      context: { id: "wamid.prev" },
      location: { latitude: 52.52, longitude: 13.405, name: "Alexanderplatz, Berlin" },
    });
    expect(button).toMatchObject({
      type: "button",
      button: { text: "Track order", payload: "Track order" },
      context: { id: expect.stringMatching(/^wamid\./) },
    });
  }, 20_000);

  it("exits non-zero when Parley answers anything but 200", async () => {
    receiver.respondWith(401);
    const run = await simulate(["--text", "x"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("→ 401");
  }, 20_000);

  describe("--image", () => {
    let peer: MetaGraphPeer;
    beforeAll(async () => {
      peer = await startMetaGraphPeer({ accessToken: "tok", appSecret: "unused" });
    });
    afterAll(() => peer.close());

    it("without a path uses the default media id; with a path uploads to the Meta peer first", async () => {
      const imagePath = join(workDir, "photo.png");
      await writeFile(imagePath, Buffer.from("not really a png"));
      const env = { META_ACCESS_TOKEN: "tok" };
      expect((await simulate(["--image"], env)).code).toBe(0);
      expect((await simulate(["--image", imagePath, "--text", "look", "--graph-url", peer.url], env)).code).toBe(0);
      const [fallback, uploaded] = receiver.posts.map((post) => messagesOf(post.body)[0]);
      expect(fallback).toMatchObject({ type: "image", image: { mime_type: "image/png", sha256: mediaSha256(DEFAULT_MEDIA_BYTES) } });
      expect(uploaded).toMatchObject({
        type: "image",
        image: { mime_type: "image/png", caption: "look", sha256: mediaSha256(Buffer.from("not really a png")) },
      });
      const mediaId = uploaded?.type === "image" ? uploaded.image.id : "";
      expect(peer.media.get(mediaId)?.sha256).toBe(mediaSha256(Buffer.from("not really a png")));
    }, 20_000);

    it("finds Parley and the peer on npm start's PORT and META_PEER_PORT without --url or --graph-url", async () => {
      const imagePath = join(workDir, "moved.png");
      await writeFile(imagePath, Buffer.from("moved ports"));
      const env = { META_ACCESS_TOKEN: "tok", PORT: new URL(receiver.url).port, META_PEER_PORT: new URL(peer.url).port };
      const run = await simulate(["--image", imagePath], env, { url: false });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`POST ${receiver.url} `);
      expect(receiver.posts).toHaveLength(1);
      const [uploaded] = receiver.posts.map((post) => messagesOf(post.body)[0]);
      const mediaId = uploaded?.type === "image" ? uploaded.image.id : "";
      expect(peer.media.get(mediaId)?.sha256).toBe(mediaSha256(Buffer.from("moved ports")));
    }, 20_000);
  });
});
