/** Reads and validates a JSON body against a strict zod schema: unknown fields are refused, not ignored. */
import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "../errors";

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join(".") : "body";
    const message = issue.code === "unrecognized_keys" ? `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.` : `${field}: ${issue.message}`;
    throw new AppError(400, "invalid_body", message);
  }
  return parsed.data;
}
