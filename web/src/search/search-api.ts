/** The search API (worker/routes/search.ts). Types from the Worker's schema and domain. */
import type { z } from "zod";
import type { searchQuery } from "../../../worker/schemas/search";
import type { SearchResult } from "../../../durable/search/search-results";
import { api } from "../api/client";

export type SearchParams = Partial<z.input<typeof searchQuery>>;
export type { SearchResult };

export const searchApi = {
  messages: (params: SearchParams) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
    return api.get<{ results: SearchResult[]; next: string | null }>(`/api/search/messages?${q}`);
  },
};
