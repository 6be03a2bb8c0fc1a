/** Assertions on the API's one error shape: `{ error: { code, message } }` as JSON, never a stack trace. */
import { expect } from "vitest";

export interface ApiError {
  error: { code: string; message: string };
}

/** Checks status, content type and body shape; returns the message for further checks. */
export async function expectError(res: Response, status: number, code: string, message?: string | RegExp): Promise<string> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ApiError;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(body.error.message).not.toMatch(/\n\s+at /);
  if (typeof message === "string") expect(body.error.message).toContain(message);
  else if (message) expect(body.error.message).toMatch(message);
  return body.error.message;
}

/** A successful JSON answer, typed by the caller. */
export async function expectJson<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return JSON.parse(text) as T;
}
