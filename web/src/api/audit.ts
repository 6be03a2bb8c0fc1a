/** /api/audit: newest first, filtered by action and actor, paged with `before`. */
import { api } from "./client";
import type { AuditEntry } from "./types";

export interface AuditFilters {
  action?: string;
  actorId?: string;
  before?: number;
  limit?: number;
}

export const auditApi = {
  list(filters: AuditFilters) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== "") query.set(key, String(value));
    const qs = query.toString();
    return api.get<{ entries: AuditEntry[]; nextBefore: number | null }>(`/api/audit${qs ? `?${qs}` : ""}`);
  },
};
