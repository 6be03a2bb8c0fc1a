/** While the app finds out who is signed in: the brand, quietly. */
import { LogoMark } from "./icons";

export function Splash() {
  return (
    <main id="main" class="splash" aria-busy="true" aria-label="Loading Parley" tabIndex={-1}>
      <span class="brand-mark">
        <LogoMark />
      </span>
    </main>
  );
}
