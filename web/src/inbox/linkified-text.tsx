/**
 * Message text as text: JSX escapes it, and the only markup added is an <a> for each http(s) URL, built
 * from a parsed URL so nothing else (javascript:, data:) can become a link.
 */
import type { ComponentChildren } from "preact";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than the URL ("see https://x.com/a."). */
const TRAILING = /[.,;:!?)\]}]+$/;

const count = (s: string, ch: string) => s.split(ch).length - 1;

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function LinkifiedText({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0].replace(TRAILING, "");
    // Keep a closing parenthesis that belongs to the URL (Wikipedia links).
    if (match[0].charAt(url.length) === ")" && count(url, "(") > count(url, ")")) url += ")";
    const href = safeHref(url);
    if (!href) continue;
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={href} target="_blank" rel="noopener noreferrer">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
