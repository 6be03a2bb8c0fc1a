/**
 * D1 Sessions API with bookmarks: every API answer carries the newest bookmark of the D1 session its
 * queries ran in (`x-d1-bookmark`); a request that sends one back gets a session started from it, so
 * a replica answers only once it has that agent's own writes. A request without one still works.
 */
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { organizations } from "../../db/schema";
import { D1_BOOKMARK_HEADER, d1Sessions } from "../../worker/middleware/d1-bookmark";
import { signUpOwner } from "../support/accounts";

describe("D1 bookmarks through the API", () => {
  it("answers with a bookmark, takes it back, and the next answer's is never older", async () => {
    const owner = await signUpOwner("Bookmark Org");
    const first = await owner.browser.get("/api/org");
    expect(first.status).toBe(200);
    const bookmark = first.headers.get(D1_BOOKMARK_HEADER);
    expect(bookmark).toEqual(expect.any(String));

    // A write, then a read carrying the write's bookmark: the read sees it (own writes).
    const write = await owner.browser.request("PATCH", "/api/org", { name: "Renamed Bookmark Org" }, { [D1_BOOKMARK_HEADER]: bookmark! });
    expect(write.status).toBe(200);
    const afterWrite = write.headers.get(D1_BOOKMARK_HEADER)!;
    expect(afterWrite >= bookmark!).toBe(true);
    const read = await owner.browser.request("GET", "/api/org", undefined, { [D1_BOOKMARK_HEADER]: afterWrite });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ org: { name: "Renamed Bookmark Org" } });
    expect(read.headers.get(D1_BOOKMARK_HEADER)! >= afterWrite).toBe(true);
  });

  it("a request without a bookmark, or with one D1 cannot read, still works and gets a fresh one", async () => {
    const owner = await signUpOwner("No Bookmark Org");
    const variants: Record<string, string>[] = [{}, { [D1_BOOKMARK_HEADER]: "not-a-bookmark" }, { [D1_BOOKMARK_HEADER]: "x".repeat(5000) }];
    for (const headers of variants) {
      const res = await owner.browser.request("GET", "/api/org", undefined, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get(D1_BOOKMARK_HEADER)).toEqual(expect.any(String));
    }
  });
});

describe("d1Sessions middleware", () => {
  /** The real D1 binding, recording what each session was started from. */
  function recordingD1() {
    const startedFrom: string[] = [];
    const d1 = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "withSession")
          return (from: string) => {
            startedFrom.push(from);
            return target.withSession(from);
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { d1, startedFrom };
  }

  function appWith(d1: D1Database) {
    const app = new Hono<{ Bindings: { DB: D1Database } }>();
    app.use("*", d1Sessions());
    // openDb takes the request's session as it is: one session for everything the request reads.
    app.get("/orgs", async (c) => c.json({ n: (await openDb(c.env.DB).select().from(organizations).limit(1).all()).length }));
    return { fetch: (headers: Record<string, string> = {}) => app.request("/orgs", { headers }, { DB: d1 }) };
  }

  it("passes the client's bookmark to withSession and starts unconstrained without one", async () => {
    const { d1, startedFrom } = recordingD1();
    const app = appWith(d1);
    const first = await app.fetch();
    expect(first.status).toBe(200);
    const bookmark = first.headers.get(D1_BOOKMARK_HEADER)!;
    expect(bookmark).toEqual(expect.any(String));
    const second = await app.fetch({ [D1_BOOKMARK_HEADER]: bookmark });
    expect(second.status).toBe(200);
    expect(startedFrom).toEqual(["first-unconstrained", bookmark]);
  });
});
