/**
 * The one way the app talks to the API: JSON in and out, the CSRF header on every state-changing
 * request, and every failure as an ApiError carrying the server's `{ error: { code, message } }`.
 */
import { csrfToken, refreshCsrfToken } from "./csrf";
import { currentBookmark, D1_BOOKMARK_HEADER, noteBookmark } from "./d1-bookmark";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `error.details`, when it sends facts beside the code (a plan limit, an existing contact). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The session is gone (missing, invalid, revoked, expired or its heartbeat lapsed). */
  get sessionEnded(): boolean {
    return this.status === 401 && this.code.startsWith("session_");
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Listener = (error: ApiError) => void;

const listeners = new Set<Listener>();

/** Lets the session react to any request that found the session over; returns an unsubscribe. */
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const NETWORK_MESSAGE = "Can't reach Parley. Check your connection and try again.";

/** A request body as it goes on the wire: JSON, or a file's raw bytes with the file's own type. */
interface Payload {
  body: BodyInit;
  type: string;
}

async function send(method: Method, path: string, payload: Payload | undefined): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = await csrfToken();
  if (payload) headers["Content-Type"] = payload.type;
  const bookmark = currentBookmark();
  if (bookmark) headers[D1_BOOKMARK_HEADER] = bookmark;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(payload && { body: payload.body }),
  });
  noteBookmark(res);
  return res;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
    if (body.error?.code) return new ApiError(res.status, body.error.code, body.error.message ?? "Request failed.", body.error.details);
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a generic message.
  }
  const message = res.status >= 500 ? "Something went wrong on our side; please try again." : `Request failed (${res.status}).`;
  return new ApiError(res.status, `http_${res.status}`, message);
}

export function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return requestPayload<T>(method, path, body === undefined ? undefined : { body: JSON.stringify(body), type: "application/json" });
}

/** Sends a file's bytes as the request body (Content-Type = the file's type), e.g. a media upload. */
export function upload<T>(path: string, file: Blob): Promise<T> {
  return requestPayload<T>("POST", path, { body: file, type: file.type || "application/octet-stream" });
}

async function requestPayload<T>(method: Method, path: string, payload: Payload | undefined): Promise<T> {
  let res: Response;
  try {
    res = await send(method, path, payload);
    // A cleared or rotated CSRF cookie: fetch a fresh one and try once more.
    if (res.status === 403 && method !== "GET" && (await peekCode(res)) === "csrf_failed") {
      await refreshCsrfToken();
      res = await send(method, path, payload);
    }
  } catch {
    throw new ApiError(0, "network", NETWORK_MESSAGE);
  }
  if (!res.ok) {
    const error = await errorFrom(res);
    for (const listener of listeners) listener(error);
    throw error;
  }
  return (await res.json()) as T;
}

async function peekCode(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: string } };
    return body.error?.code;
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, body),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, body),
  delete: <T>(path: string) => request<T>("DELETE", path),
};

/** A message for any thrown value, for places that show errors from more than the API. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
