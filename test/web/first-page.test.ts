import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ListFilter, ListPage } from "../../web/src/live/inbox-store";
import { prefetchFirstPage, takeFirstPage } from "../../web/src/inbox/first-page";

const ALL_OPEN: ListFilter = { view: "all", state: "open" };
const page = (id: string): ListPage => ({ conversations: [{ id } as ListPage["conversations"][number]], cursors: [], nextCursor: null });

// The browser's fetch, answering as the API would; the code under test is ours, unchanged.
let served: string[];
beforeEach(() => {
  served = [];
  vi.stubGlobal("fetch", async (path: string) => {
    served.push(path);
    return new Response(JSON.stringify(page(`row-${served.length}`)), { headers: { "content-type": "application/json" } });
  });
});
afterEach(() => {
  takeFirstPage(ALL_OPEN);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the inbox's first page, fetched while the app boots", () => {
  it("is asked for with the saved filter (all open, without a saved one) and handed over once", async () => {
    prefetchFirstPage();
    expect(served).toEqual(["/api/conversations?view=all&state=open&limit=50"]);
    expect(await takeFirstPage(ALL_OPEN)).toEqual(page("row-1"));
    expect(takeFirstPage(ALL_OPEN)).toBeNull();
  });

  it("is not used for another filter, nor afterwards", () => {
    prefetchFirstPage();
    expect(takeFirstPage({ view: "mine", state: "open" })).toBeNull();
    expect(takeFirstPage(ALL_OPEN)).toBeNull();
  });

  it("is not used once it is ten seconds old: the agent was held elsewhere (2FA enrolment, say)", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    prefetchFirstPage();
    vi.setSystemTime(1_010_000);
    expect(takeFirstPage(ALL_OPEN)).toBeNull();
  });

  const signedOut = async () =>
    new Response(JSON.stringify({ error: { code: "session_missing", message: "Sign in to continue." } }), { status: 401 });

  it("leaves a failure to whoever takes it", async () => {
    vi.stubGlobal("fetch", signedOut);
    prefetchFirstPage();
    await expect(takeFirstPage(ALL_OPEN)).rejects.toMatchObject({ status: 401, code: "session_missing" });
  });

  it("reports no unhandled rejection when nobody takes a failed one (a signed-out visitor)", async () => {
    vi.stubGlobal("fetch", signedOut);
    prefetchFirstPage();
    // vitest fails the run on an unhandled rejection; let the failure settle untaken.
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
