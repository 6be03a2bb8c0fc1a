/**
 * APP_ORIGIN may list several origins, comma-separated (a staging host beside production): WebSocket
 * upgrades are accepted from each, and links Parley hands out (invites, Meta's callback URL) use the first.
 */
export function appOrigins(env: { APP_ORIGIN: string }): string[] {
  return env.APP_ORIGIN.split(",")
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

/** The app's own address, for links. */
export const appOrigin = (env: { APP_ORIGIN: string }): string => appOrigins(env)[0] ?? "";
