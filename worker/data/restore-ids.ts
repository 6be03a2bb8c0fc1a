/**
 * New ids for a restore. Every id in an archive is a run of lower-case hex (a UUID, or 20+ hex digits
 * after a prefix: `ct_…`, `cv_…` with the same digits, `imp_…`), also inside compound ids
 * (`<order>:<line>:<ms>`, `campaign:<id>`) and JSON (labels on a contact, a rule's actions). A restore
 * replaces each run with one derived from it and the restore's own salt: same length, same hyphens,
 * so `cv_X` stays the conversation of `ct_X` and every reference lands on its row's new id, with no
 * table of ids to carry between queue steps. The archive's organization id becomes the new one's.
 *
 * Left alone: Meta's ids (wamids, numbers: digits or base64), and free text, where a run of hex is
 * the customer's or the team's words.
 */
import { createHash } from "node:crypto";

const RUN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{20,}/g;

/** Keys whose values are words or Meta's, never Parley ids. */
const KEPT = new Set([
  "content",
  "body",
  "text",
  "notes",
  "note",
  "description",
  "title",
  "name",
  "profileName",
  "displayName",
  "lastMessagePreview",
  "awayMessage",
  "email",
  "wamid",
  "sourceWamid",
  "targetWamid",
  "phoneNumberId",
  "wabaId",
  "waId",
]);

export class IdMap {
  private readonly cache = new Map<string, string>();
  private readonly fromOrg: string;
  private readonly toOrg: string;

  /** Org ids are `org_<uuid>`: the archive's run becomes the new org's run wherever it appears. */
  constructor(
    private readonly salt: string,
    fromOrg: string,
    toOrg: string,
  ) {
    this.fromOrg = fromOrg.match(RUN)?.[0] ?? fromOrg;
    this.toOrg = toOrg.match(RUN)?.[0] ?? toOrg;
  }

  string(s: string): string {
    return s.replace(RUN, (m) => this.run(m));
  }

  /** A row or a JSON value: strings remapped, kept keys left as they are. */
  value(v: unknown, key?: string): unknown {
    if (key !== undefined && KEPT.has(key)) return v;
    if (typeof v === "string") return this.string(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[this.string(k)] = this.value(x, k);
      return out;
    }
    return v;
  }

  private run(m: string): string {
    if (m === this.fromOrg) return this.toOrg;
    // Digits alone are Meta's (numbers, user ids) or times, not Parley's hex ids.
    if (/^[0-9-]+$/.test(m)) return m;
    let hit = this.cache.get(m);
    if (hit === undefined) {
      const digits = m.replaceAll("-", "").length;
      let hex = "";
      for (let round = 0; hex.length < digits; round++) {
        hex += createHash("sha256").update(`${this.salt}:${round}:${m}`).digest("hex");
      }
      let at = 0;
      hit = m.replace(/[0-9a-f]/g, () => hex[at++]!);
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(m, hit);
    }
    return hit;
  }
}
