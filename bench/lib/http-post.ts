/**
 * A bare keep-alive POST over node:http. Cheaper per request than fetch, which matters when the
 * clients share two cores with the server they are measuring.
 */
import http from "node:http";

export interface PostAnswer {
  status: number;
  body: string;
}

const TIMEOUT_MS = 60_000;

export function postOnce(agent: http.Agent, url: URL, headers: Record<string, string>, payload: string): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(payload)) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}
