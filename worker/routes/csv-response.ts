/** A CSV download: the file name a browser saves it under, and never cached (it is the org's data). */
import type { Context } from "hono";

export function csvResponse(c: Context, filename: string, body: string): Response {
  return c.body(body, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename}"`,
    "cache-control": "no-store",
  });
}
