/** Reads and validates a route's query string against a zod schema; a bad parameter is a 400 naming it. */
import type { Context } from "hono";
import { safeParse, type z } from "zod";
import { AppError } from "../errors";

export function queryParams<S extends z.core.$ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = safeParse(schema, c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(400, "invalid_query", `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
