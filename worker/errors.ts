import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one error type: a code a program can switch on, a status, and a message a person can act on. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Facts a program can act on beside the code (e.g. which plan limit, the usage, the upgrade). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Every error leaves as `{ error: { code, message } }` (plus `details` when it has some); never a stack trace. */
export function errorResponse(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    return c.json({ error: { code: err.code, message: err.message, ...(err.details && { details: err.details }) } }, err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return c.json({ error: { code: `http_${status}`, message: err.message || "Request failed" } }, status);
  }
  console.error("unhandled error", err);
  return c.json({ error: { code: "internal", message: "Something went wrong on our side; please try again." } }, 500);
}
