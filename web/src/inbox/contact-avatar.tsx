/** A customer's initials on one of a few calm tints, the same tint for the same customer every time. */
import { initials } from "../components/avatar";

const TONES = 6;

function toneOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % TONES;
}

export function ContactAvatar({ name, id, size = "md" }: { name: string; id: string; size?: "sm" | "md" | "lg" }) {
  return (
    <span class={`avatar avatar-${size} tone-${toneOf(id)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
