/**
 * Light, dark, or the system's choice (the default). The choice is kept in localStorage; the theme in
 * use is written to <html data-theme>, which the CSS tokens read. With no choice the page follows the
 * system live, and before this module runs CSS alone already follows it (color-scheme: light dark).
 */
import { computed, effect, signal } from "@preact/signals";

export type ThemeChoice = "system" | "light" | "dark";
export type Theme = "light" | "dark";

const KEY = "parley.theme";
const systemQuery = matchMedia("(prefers-color-scheme: dark)");

function storedChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export const themeChoice = signal<ThemeChoice>(storedChoice());
const systemTheme = signal<Theme>(systemQuery.matches ? "dark" : "light");
systemQuery.addEventListener("change", (e) => (systemTheme.value = e.matches ? "dark" : "light"));

export const theme = computed<Theme>(() => (themeChoice.value === "system" ? systemTheme.value : themeChoice.value));

export function chooseTheme(choice: ThemeChoice): void {
  themeChoice.value = choice;
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
}

/** Keeps <html data-theme> in step; call once at start-up. */
export function applyTheme(): () => void {
  return effect(() => {
    document.documentElement.dataset.theme = theme.value;
  });
}

// Another tab changed the choice.
addEventListener("storage", (e) => {
  if (e.key === KEY) themeChoice.value = storedChoice();
});
