/**
 * The webhook-only Worker (wrangler.hooks.toml) reaches the app Worker's (wrangler.toml) Durable Objects,
 * D1 database and queue by name; a rename or a new binding on one side must not leave the other behind.
 */
import { unstable_readConfig } from "wrangler";
import { describe, expect, it } from "vitest";
import { WEBHOOK_RESOURCES } from "../../worker/webhook-bindings";

/** The fields compared here (wrangler's own Config type does not resolve under this tsconfig: it is `any`). */
interface WorkerConfig {
  name: string;
  compatibility_date: string;
  compatibility_flags: string[];
  keep_names: boolean | undefined;
  assets: unknown;
  migrations: unknown[];
  d1_databases: { binding: string; database_id?: string; migrations_dir?: string }[];
  durable_objects: { bindings: { name: string; class_name: string; script_name?: string }[] };
  queues: { producers?: { binding: string; queue: string }[]; consumers?: unknown[] };
}

const read = (config: string): WorkerConfig => unstable_readConfig({ config });
const app = read("wrangler.toml");
const hooks = read("wrangler.hooks.toml");

describe("wrangler.hooks.toml against wrangler.toml", () => {
  it("binds exactly what the webhook route uses (WebhookBindings in worker/routes/webhooks.ts)", () => {
    const bindings = [
      ...hooks.d1_databases.map((d) => d.binding),
      ...hooks.durable_objects.bindings.map((d) => d.name),
      ...(hooks.queues.producers ?? []).map((q) => q.binding),
    ];
    expect(bindings.sort()).toEqual([...WEBHOOK_RESOURCES].sort());
    expect(hooks.assets).toBeUndefined();
  });

  it("names the app Worker's Durable Object classes, script and bindings", () => {
    for (const binding of hooks.durable_objects.bindings) {
      expect(binding.script_name).toBe(app.name);
      expect(app.durable_objects.bindings).toContainEqual({ name: binding.name, class_name: binding.class_name });
    }
    expect(hooks.migrations).toEqual([]);
  });

  it("shares the app Worker's D1 database and queue", () => {
    expect(hooks.d1_databases).toEqual(app.d1_databases.map(({ migrations_dir: _, ...d }) => d));
    expect(hooks.queues.producers).toEqual(app.queues.producers);
    expect(hooks.queues.consumers ?? []).toEqual([]);
  });

  it("runs on the same runtime version and flags", () => {
    expect(hooks.compatibility_date).toBe(app.compatibility_date);
    expect(hooks.compatibility_flags).toEqual(app.compatibility_flags);
    expect(hooks.keep_names).toBe(app.keep_names);
  });
});
