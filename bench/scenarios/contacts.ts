/**
 * `npm run bench -- contacts`: one organization with 100,000 contacts.
 *
 * - The contacts arrive the way a business brings them: one generated 100,000-row CSV (name, phone,
 *   email, tags, stage, lead score, city, language, a `tier` custom field) uploaded to the import API and
 *   imported in the background (Queue, 500-row chunks), timed from the start call to `done`, with the
 *   runtime's resident memory sampled every 200 ms (its peak, over what it held before the upload).
 * - List pages: GET /api/contacts as the org's owner, one at a time, as the contacts screen asks for them
 *   (50 rows), for each shape of list, search and filter the screen offers; 20 warm-up requests, then
 *   200 per shape (50 for the three searches that walk the org), each with a value drawn at random (a
 *   surname, a number written differently, a tag…).
 *   Timed from Node: the request, the Worker, D1's queries and the JSON, so each figure is an upper bound
 *   of the server's time.
 */
import { apiGet, apiHeaders, signUp, type AgentSession } from "../lib/accounts";
import { rng } from "../lib/chat-text";
import { withSignIn } from "../lib/live-stack";
import { type BenchVars, startParley } from "../lib/stack";
import { type LatencySummary, round1, summarize } from "../lib/stats";
import { workerdMemory } from "../lib/workerd-memory";

/** Its app and Meta peer, beside the other scenarios' (BENCH_CONTACTS_PORT, BENCH_CONTACTS_PEER_PORT). */
const PORT = Number(process.env.BENCH_CONTACTS_PORT ?? 8795);
const PEER_PORT = Number(process.env.BENCH_CONTACTS_PEER_PORT ?? 8796);
const CONTACTS = 100_000;
const QUERIES = 200;
const WARMUP = 20;
/** Searches that match few contacts walk the whole org (see bench/README.md): fewer samples keep a run near ten minutes. */
const SLOW_QUERIES = 50;
const SLOW_WARMUP = 5;
const PAGE = 50;

const FIRST = [
  "Ana",
  "Bruno",
  "Carla",
  "Diogo",
  "Eva",
  "Filipe",
  "Gabriela",
  "Hugo",
  "Inês",
  "João",
  "Lara",
  "Miguel",
  "Nuno",
  "Olga",
  "Pedro",
  "Rita",
  "Sofia",
  "Tiago",
  "Vera",
  "Xavier",
];
const LAST = [
  "Silva",
  "Santos",
  "Ferreira",
  "Pereira",
  "Oliveira",
  "Costa",
  "Rodrigues",
  "Martins",
  "Jesus",
  "Sousa",
  "Fernandes",
  "Gonçalves",
  "Gomes",
  "Lopes",
  "Marques",
  "Alves",
  "Almeida",
  "Ribeiro",
  "Pinto",
  "Carvalho",
];
const TAGS = ["vip", "wholesale", "newsletter", "lisbon-fair", "teapots", "mugs", "glaze", "clay", "gift", "returning"];
const STAGES = ["new_lead", "qualified", "customer", "repeat_customer", "churned"];
const CITIES = ["Lisboa", "Porto", "Braga", "Coimbra", "Faro", "Aveiro", "Madrid", "Paris", "London", "Berlin"];
const TIERS = ["bronze", "silver", "gold"];

export interface ContactsBenchResult {
  contacts: number;
  import: {
    rows: number;
    seconds: number;
    rowsPerSec: number;
    csvMiB: number;
    runtimeRssMiB: { before: number; peak: number; growth: number };
  };
  queries: { name: string; example: string; ms: LatencySummary; samples: number; meanRows: number }[];
}

interface Person {
  name: string;
  phone: string;
  email: string;
}

export async function runContacts(opts: { vars: BenchVars; scale: number; log(line: string): void }): Promise<ContactsBenchResult> {
  const server = await startParley(PORT, PEER_PORT, withSignIn(opts.vars));
  try {
    const owner = await signUp(server.url, "Bench Contacts Co");
    const business = await fetch(`${server.url}/api/dev/orgs/${owner.orgId}/plan`, {
      method: "POST",
      headers: apiHeaders(owner),
      body: JSON.stringify({ plan: "business" }),
    });
    if (!business.ok) throw new Error(`plan change answered ${business.status}: ${await business.text()}`);
    await call(server.url, owner, "POST", "/api/custom-fields", { key: "tier", label: "Tier", type: "select", options: TIERS });
    const rows = Math.round(CONTACTS / opts.scale);
    const { csv, people } = generatedCsv(rows);
    const imported = await importCsv(server.url, owner, csv, rows, opts.log);
    const segment = await call<{ segment: { id: string } }>(server.url, owner, "POST", "/api/segments", {
      name: "Qualified gold",
      filter: { match: "all", rules: [rule("stage", "eq", "qualified"), rule("custom.tier", "eq", "gold")] },
    });
    const queries = await measureQueries(server.url, owner, people, segment.segment.id, opts.log);
    return { contacts: rows, import: imported, queries };
  } finally {
    await server.stop();
  }
}

const rule = (field: string, op: string, value?: unknown) => ({ field, op, ...(value !== undefined && { value }) });

async function call<T = unknown>(url: string, who: AgentSession, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, { method, headers: apiHeaders(who), ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The same file every run (seeded): unique numbers and emails, names shared by about ten people each. */
function generatedCsv(rows: number): { csv: string; people: Person[] } {
  const random = rng(20261207);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const lines = ["Name,Phone,Email,Tags,Stage,Lead score,City,Language,Tier"];
  const people: Person[] = [];
  for (let i = 0; i < rows; i++) {
    const name = `${pick(FIRST)} ${pick(LAST)} ${pick(LAST)}`;
    const phone = `+351 9${1 + (i % 3)}${String(1_000_000 + i * 7).padStart(7, "0")}`;
    const email = random() < 0.7 ? `c${i}@example.com` : "";
    const tags = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(TAGS)))].join(",");
    const stage = STAGES[Math.min(STAGES.length - 1, Math.floor(random() ** 1.5 * STAGES.length))]!;
    lines.push(
      [name, phone, email, `"${tags}"`, stage, Math.floor(random() * 101), pick(CITIES), pick(["pt", "en", "es"]), pick(TIERS)].join(","),
    );
    people.push({ name, phone, email });
  }
  return { csv: `${lines.join("\n")}\n`, people };
}

async function importCsv(url: string, owner: AgentSession, csv: string, rows: number, log: (line: string) => void) {
  const memory = () =>
    workerdMemory(PORT)
      ?.processes.filter((p) => p.role === "runtime")
      .reduce((a, p) => a + p.rssMiB, 0) ?? 0;
  const before = memory();
  log(`contacts: uploading a ${rows}-row CSV (${round1(Buffer.byteLength(csv) / 2 ** 20)} MiB)`);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, memory())), 200);
  try {
    const res = await fetch(`${url}/api/contact-imports?name=bench.csv`, {
      method: "POST",
      headers: { ...apiHeaders(owner), "content-type": "text/csv" },
      body: csv,
    });
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    const { import: up } = (await res.json()) as { import: { id: string; mapping: (string | null)[] } };
    if (up.mapping.some((m) => m === null)) throw new Error(`a column was not matched: ${JSON.stringify(up.mapping)}`);
    const started = performance.now();
    await call(url, owner, "POST", `/api/contact-imports/${up.id}/start`, { mapping: up.mapping });
    let logged = 0;
    for (;;) {
      const { import: view } = await apiGet<{ import: { state: string; nextRow: number; created: number; failed: number } }>(
        url,
        owner,
        `/api/contact-imports/${up.id}`,
      );
      if (view.state === "done") {
        if (view.created !== rows || view.failed) throw new Error(`import created ${view.created} of ${rows}, refused ${view.failed}`);
        break;
      }
      if (view.state === "failed") throw new Error(`import failed at row ${view.nextRow}`);
      if (view.nextRow - logged >= 20_000) log(`contacts: ${(logged = view.nextRow)} rows imported`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = round1((performance.now() - started) / 1000);
    return {
      rows,
      seconds,
      rowsPerSec: Math.round(rows / seconds),
      csvMiB: round1(Buffer.byteLength(csv) / 2 ** 20),
      runtimeRssMiB: { before: round1(before), peak: round1(peak), growth: round1(peak - before) },
    };
  } finally {
    clearInterval(sampler);
  }
}

async function measureQueries(url: string, owner: AgentSession, people: Person[], segmentId: string, log: (line: string) => void) {
  const random = rng(7);
  const someone = () => people[Math.floor(random() * people.length)]!;
  const withEmail = (): Person => {
    for (;;) {
      const p = someone();
      if (p.email) return p;
    }
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // Cursors deep into the list by name, collected once, so "a later page" starts anywhere in it.
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 40; i++) {
    const page: { nextCursor: string | null } = await apiGet(
      url,
      owner,
      `/api/contacts?sort=name&dir=asc&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    if (!page.nextCursor) break;
    cursors.push((cursor = page.nextCursor));
  }
  const filter = (match: "all" | "any", ...rules: unknown[]) => ({ filter: JSON.stringify({ match, rules }) });
  const shapes: { name: string; slow?: true; params: () => Record<string, string> }[] = [
    { name: "first page, recently updated", params: () => ({}) },
    { name: "a later page by name (cursor)", params: () => ({ sort: "name", dir: "asc", cursor: pick(cursors) }) },
    { name: "search: a full name (~10 match)", slow: true, params: () => ({ q: someone().name }) },
    { name: "search: a surname", params: () => ({ q: pick(LAST) }) },
    // The number as people type it: national, spaced, without the country code.
    {
      name: "search: a phone, other format",
      slow: true,
      params: () => ({
        q: someone()
          .phone.slice(5)
          .replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3"),
      }),
    },
    { name: "search: an email", slow: true, params: () => ({ q: withEmail().email }) },
    { name: "filter: stage", params: () => filter("all", rule("stage", "eq", pick(STAGES))) },
    { name: "filter: tag", params: () => filter("all", rule("tag", "eq", pick(TAGS))) },
    { name: "filter: custom field (tier)", params: () => filter("all", rule("custom.tier", "eq", pick(TIERS))) },
    {
      name: "filter: stage AND score ≥ 70, by score",
      params: () => ({ ...filter("all", rule("stage", "eq", pick(STAGES)), rule("leadScore", "gte", 70)), sort: "leadScore" }),
    },
    { name: "filter: tag OR city (any)", params: () => filter("any", rule("tag", "eq", pick(TAGS)), rule("city", "eq", pick(CITIES))) },
    { name: "saved segment (stage AND tier)", params: () => ({ segmentId }) },
  ];
  const out: ContactsBenchResult["queries"] = [];
  for (const shape of shapes) {
    const [warmup, count] = shape.slow ? [SLOW_WARMUP, SLOW_QUERIES] : [WARMUP, QUERIES];
    log(`contacts: ${count} requests, ${shape.name}`);
    const samples: number[] = [];
    let rows = 0;
    let example = "";
    for (let i = 0; i < warmup + count; i++) {
      const params = new URLSearchParams({ limit: String(PAGE), ...shape.params() });
      const t = performance.now();
      const page = await apiGet<{ contacts: unknown[] }>(url, owner, `/api/contacts?${params}`);
      if (i < warmup) continue;
      samples.push(performance.now() - t);
      rows += page.contacts.length;
      example ||= decodeURIComponent(params.toString());
    }
    const s = summarize(samples);
    out.push({
      name: shape.name,
      example,
      ms: { p50: round1(s.p50), p95: round1(s.p95), p99: round1(s.p99), max: round1(s.max), mean: round1(s.mean) },
      samples: count,
      meanRows: round1(rows / count),
    });
  }
  return out;
}
