/**
 * Click-to-WhatsApp attribution: Meta's `referral` object as Parley keeps it, and the first-touch /
 * last-touch rule. Pure, shared by the webhook parser, the room and the API.
 */
import type { AdAttribution, AdReferral, JsonValue } from "./protocol";

/** Meta's snake_case field → ours. Rows stored before the rename hold Meta's names: both are read. */
const FIELDS = {
  sourceId: "source_id",
  sourceType: "source_type",
  sourceUrl: "source_url",
  headline: "headline",
  body: "body",
  ctwaClid: "ctwa_clid",
  mediaType: "media_type",
  imageUrl: "image_url",
  videoUrl: "video_url",
  thumbnailUrl: "thumbnail_url",
} as const satisfies Record<Exclude<keyof AdReferral, "at">, string>;

const MAX_FIELD_CHARS = 2048;

/** A referral from Meta's JSON (or one stored earlier), or null when it names no ad at all. */
export function toAdReferral(raw: JsonValue | undefined, at: number): AdReferral | null {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const out: AdReferral = { at: typeof raw.at === "number" ? raw.at : at };
  let any = false;
  for (const [ours, meta] of Object.entries(FIELDS) as [keyof typeof FIELDS, string][]) {
    const v = raw[ours] ?? raw[meta];
    // Meta's strings are short; a cap keeps a hostile body from growing every conversation row.
    if (typeof v === "string" && v !== "") {
      out[ours] = v.slice(0, MAX_FIELD_CHARS);
      any = true;
    }
  }
  return any ? out : null;
}

/** First touch is the earliest ad by WhatsApp time, last touch the latest: webhooks may arrive out of order. */
export function touch(current: AdAttribution | null, next: AdReferral): AdAttribution {
  if (!current) return { firstTouch: next, lastTouch: next };
  return {
    firstTouch: next.at < current.firstTouch.at ? next : current.firstTouch,
    lastTouch: next.at >= current.lastTouch.at ? next : current.lastTouch,
  };
}
