import { Hono } from "hono";

/** Liveness for deploy checks and `npm start`'s wait-for-ready. */
export const health = new Hono<{ Bindings: Env }>().get("/", async (c) => {
  const row = await c.env.DB.prepare("SELECT count(*) AS n FROM organizations").first<{ n: number }>();
  return c.json({ ok: true, organizations: row?.n ?? 0 });
});
