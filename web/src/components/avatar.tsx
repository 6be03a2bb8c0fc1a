/** Initials in a circle; the name itself is rendered as text elsewhere. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w));
  const first = words[0]?.[0] ?? "?";
  const last = words[1]?.[0] ?? "";
  return (first + last).toUpperCase();
}

export const Avatar = ({ name }: { name: string }) => (
  <span class="avatar" aria-hidden="true">
    {initials(name)}
  </span>
);
