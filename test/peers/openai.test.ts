/** The local OpenAI-compatible peer speaks the protocol the `openai` package expects. */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiPeer, type OpenAiPeer } from "./openai";

let peer: OpenAiPeer;
let client: OpenAI;
beforeAll(async () => {
  peer = await startOpenAiPeer({ apiKey: "k", control: true });
  client = new OpenAI({ apiKey: "k", baseURL: peer.url, maxRetries: 0 });
});
afterAll(() => peer.close());

describe("OpenAI peer", () => {
  it("answers JSON and streams, with usage, recording each request", async () => {
    peer.reset();
    const messages = [
      { role: "system" as const, content: "Task: draft.\nLanguage: pt\nKnowledge:\n- Bule azul: O bule azul custa 34,90 €." },
      { role: "user" as const, content: "Customer: Quanto custa o bule azul?" },
    ];
    const res = await client.chat.completions.create({ model: "m", messages });
    expect(res.choices[0]!.message.content).toBe("Olá! O bule azul custa 34,90 €.");
    expect(res.usage!.prompt_tokens).toBeGreaterThan(0);
    const stream = await client.chat.completions.create({ model: "m", messages, stream: true, stream_options: { include_usage: true } });
    let text = "";
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage += chunk.usage?.completion_tokens ?? 0;
    }
    expect(text).toBe("Olá! O bule azul custa 34,90 €.");
    expect(usage).toBeGreaterThan(0);
    expect(peer.requests.map((r) => r.body.stream ?? false)).toEqual([false, true]);
  });

  it("answers structured outputs by schema name, refuses a wrong key, and fails on demand", async () => {
    peer.reset();
    const res = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "Customer: I want a refund, it arrived broken" }],
      response_format: { type: "json_schema", json_schema: { name: "triage", schema: {} } },
    });
    expect(JSON.parse(res.choices[0]!.message.content!)).toMatchObject({ intent: "complaint" });
    const wrong = new OpenAI({ apiKey: "nope", baseURL: peer.url, maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: "m", messages: [] })).rejects.toMatchObject({ status: 401 });
    peer.fail({ status: 429, times: 1 });
    await expect(client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 429,
    });
    // The failure was used up: the next request is answered.
    await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
    expect(peer.requests.map((r) => r.status)).toEqual([200, 401, 429, 200]);
  });
});
