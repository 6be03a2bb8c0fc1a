/** Reads and validates a JSON body against a strict zod schema: unknown fields are refused, not ignored. */
import type { Context } from "hono";
import { safeParse, type z } from "zod";
import { AppError } from "../errors";

export interface JsonBodyOptions {
  /** 400 by default; commerce answers 422 for a well-formed body whose values are wrong (money, quantities). */
  invalidStatus?: 400 | 422;
}

export async function jsonBody<S extends z.core.$ZodType>(c: Context, schema: S, options: JsonBodyOptions = {}): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
  const parsed = safeParse(schema, raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join(".") : "body";
    const message =
      issue.code === "unrecognized_keys"
        ? `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`
        : `${field}: ${issue.message}`;
    throw new AppError(options.invalidStatus ?? 400, "invalid_body", message);
  }
  return parsed.data;
}
