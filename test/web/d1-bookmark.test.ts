import { describe, expect, it } from "vitest";
import { currentBookmark, D1_BOOKMARK_HEADER, noteBookmark } from "../../web/src/api/d1-bookmark";

const answer = (bookmark?: string) => new Response("{}", { headers: bookmark ? { [D1_BOOKMARK_HEADER]: bookmark } : {} });

describe("the web client's D1 bookmark", () => {
  it("keeps the newest bookmark the API answered with, whatever order answers arrive in", () => {
    expect(currentBookmark()).toBeNull();
    noteBookmark(answer("00000002-00000001-00004f5c-aaaa"));
    noteBookmark(answer("00000001-00000009-00004f5c-bbbb"));
    noteBookmark(answer());
    expect(currentBookmark()).toBe("00000002-00000001-00004f5c-aaaa");
    noteBookmark(answer("00000003-00000000-00004f5c-cccc"));
    expect(currentBookmark()).toBe("00000003-00000000-00004f5c-cccc");
  });
});
