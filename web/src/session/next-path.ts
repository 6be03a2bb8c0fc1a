/** Where to go after signing in: only a path on this site (never `//elsewhere` or a full URL). */
export function safeNext(next: string | undefined): string {
  if (next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") && !next.startsWith("/signin")) return next;
  return "/inbox";
}
