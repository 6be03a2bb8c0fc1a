import { exactTime, relativeTime, now } from "../format/time";

/** "5 min ago", with the exact time on hover and in the markup. */
export function RelativeTime({ at }: { at: number }) {
  const exact = exactTime(at);
  return (
    <time dateTime={new Date(at).toISOString()} title={exact}>
      {relativeTime(at, now.value)}
    </time>
  );
}
