/**
 * A request body limit that costs nothing for a request that declares its length. hono's bodyLimit
 * first touches `request.body`, which in the Workers runtime turns every body into a JavaScript stream
 * that the later read then goes through (measured: 12.8 → 11.4 ms of CPU per 41-message webhook). Here
 * a Content-Length over the limit is refused before anything is read, and only a body without one
 * (chunked) is counted as it streams, by hono's middleware.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";

export interface BodyLimitOptions {
  maxSize: number;
  /** Said in the 413's message, e.g. "Files are limited to 16 MB." */
  message: string;
}

export function limitBody({ maxSize, message }: BodyLimitOptions): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new AppError(413, "payload_too_large", message);
  };
  const streaming = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware(async function limitBodyMiddleware(c, next) {
    const declared = c.req.header("content-length");
    if (declared === undefined || c.req.header("transfer-encoding") !== undefined) return streaming(c, next);
    if (Number(declared) > maxSize) tooLarge();
    await next();
  });
}
