/** Docs for the search routes: worker/routes/search.ts. */
import type { RouteDoc } from "./routes";
import * as search from "../schemas/search";
import * as S from "./responses/search";

export const searchRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/search/messages",
    operationId: "searchMessages",
    response: S.searchOut,
    errors: ["400 query_required", "400 query_no_words", "400 invalid_range"],
    tag: "Search",
    summary:
      "Every message of the org (bodies, captions, file names, private notes), newest first. Words match as prefixes, accents and case ignored; `snippet` is the text around the match as parts ({text, hit}). 400 query_required (no words and no filter), query_no_words (only emoji or punctuation), invalid_range (from after to), invalid_query.",
    query: search.searchQuery,
  },
  {
    method: "get",
    path: "/api/search/index",
    operationId: "getSearchIndex",
    response: S.indexStatsOut,
    errors: [],
    tag: "Search",
    summary: "The org's search index: messages held, bytes, and the last rebuild's progress.",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/search/index/rebuild",
    operationId: "rebuildSearchIndex",
    response: S.rebuildStartedOut,
    status: 202,
    errors: [],
    tag: "Search",
    summary: "Reads every conversation's room into the index again, in the background (202); progress in GET /api/search/index.",
    auth: "admin",
  },
];
