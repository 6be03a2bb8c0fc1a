/**
 * `npm run eval:ai [-- --verbose]`: the labelled AI evaluation set (scripts/eval/ai-cases.ts, 63
 * conversations in English, Portuguese and Spanish) through Parley's pipeline against the endpoint in
 * OPENAI_BASE_URL / OPENAI_API_KEY / AI_MODEL (environment, then `.dev.vars`). With no OPENAI_BASE_URL
 * the local OpenAI-compatible stand-in answers: its answers are canned, so that run checks the pipeline
 * (prompts, parsing, redaction, guardrails), not a model. Prints intent accuracy, handoff precision and
 * recall, and faithfulness to the shop's facts; writes bench/results/eval-ai.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { readDevVars } from "../test/peers/dev-vars";
import { startOpenAiPeer } from "../test/peers/openai";
import { EVAL_CASES } from "./eval/ai-cases";
import { runAiEval, type CaseResult, type EvalFigures } from "./eval/run-ai-eval";

const devVars = readDevVars();
const setting = (name: string) => process.env[name] ?? devVars[name];
const verbose = process.argv.includes("--verbose");

const baseURL = setting("OPENAI_BASE_URL");
const apiKey = setting("OPENAI_API_KEY") ?? "local-openai-key";
const model = setting("AI_MODEL") ?? "gpt-4o-mini";
const peer = baseURL ? null : await startOpenAiPeer({ apiKey });
const endpoint = { baseURL: baseURL ?? peer!.url, apiKey, model };
console.log(
  peer
    ? `AI evaluation against the local stand-in (${peer.url}): canned answers, so this checks Parley's pipeline, not a model.`
    : `AI evaluation against ${new URL(endpoint.baseURL).host}, model ${model}.`,
);

const started = Date.now();
try {
  const { results, figures } = await runAiEval(EVAL_CASES, endpoint);
  print(figures, results, (Date.now() - started) / 1000);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/eval-ai.json",
    `${JSON.stringify({ at: new Date().toISOString(), endpoint: peer ? "local stand-in" : new URL(endpoint.baseURL).host, model, figures, results }, null, 2)}\n`,
  );
  console.log("\nwrote bench/results/eval-ai.json");
  process.exitCode = figures.redactionLeaks > 0 ? 1 : 0;
} finally {
  await peer?.close();
}

function print(f: EvalFigures, results: CaseResult[], seconds: number): void {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const fa = f.faithfulness;
  console.log(
    `\n${f.cases} conversations (${Object.entries(f.byLanguage)
      .map(([l, n]) => `${n} ${l}`)
      .join(", ")}) in ${seconds.toFixed(1)} s`,
  );
  console.log(`intent accuracy           ${pct(f.intentAccuracy)}`);
  console.log(
    `handoff precision/recall  ${pct(f.handoff.precision)} / ${pct(f.handoff.recall)}  (${f.handoff.truePositives} right, ${f.handoff.falsePositives} needless, ${f.handoff.falseNegatives} missed)`,
  );
  console.log(`drafts with every fact    ${fa.draftsWithAllFacts}/${fa.draftsChecked}`);
  console.log(`auto-replies, every fact  ${fa.repliesWithAllFacts}/${fa.repliesChecked}`);
  console.log(`answers inventing a price ${fa.answersWithInventedPrices}/${fa.answersChecked}`);
  console.log(`redaction leaks           ${f.redactionLeaks}`);
  console.log(`request errors            ${f.errors}`);
  const wrong = results.filter(
    (r) =>
      r.intent.got !== r.intent.expected ||
      r.handoff.got !== r.handoff.expected ||
      r.missingInDraft.length ||
      r.missingInReply.length ||
      r.inventedPrices.length ||
      r.leaks.length ||
      r.errors.length,
  );
  if (!wrong.length) return;
  console.log(`\n${wrong.length} cases with a miss${verbose ? "" : " (--verbose shows the answers)"}:`);
  for (const r of wrong) {
    const misses = [
      r.intent.got !== r.intent.expected && `intent ${r.intent.got ?? "none"} (expected ${r.intent.expected})`,
      r.handoff.got !== r.handoff.expected && `handoff ${r.handoff.got} (expected ${r.handoff.expected}; ${r.handoff.reason})`,
      r.missingInDraft.length && `draft lacks ${r.missingInDraft.join(", ")}`,
      r.missingInReply.length && `auto-reply lacks ${r.missingInReply.join(", ")}`,
      r.inventedPrices.length && `invented ${r.inventedPrices.join(", ")}`,
      r.leaks.length && `LEAKED ${r.leaks.length} detail(s)`,
      ...r.errors,
    ].filter(Boolean);
    console.log(`  ${r.id}: ${misses.join("; ")}`);
    if (verbose) console.log(`      draft: ${r.draft ?? "-"}\n      auto-reply: ${r.autoReply ?? "-"}`);
  }
}
