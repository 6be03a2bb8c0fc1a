/** System / Light / Dark as native radios: arrow keys move between them, as in any radio group. */
import type { JSX } from "preact";
import { chooseTheme, themeChoice, type ThemeChoice } from "../theme/theme";
import { MonitorIcon, MoonIcon, SunIcon } from "./icons";

const choices: Array<{ value: ThemeChoice; label: string; Icon: () => JSX.Element }> = [
  { value: "system", label: "System", Icon: MonitorIcon },
  { value: "light", label: "Light", Icon: SunIcon },
  { value: "dark", label: "Dark", Icon: MoonIcon },
];

/** `compact`: icons only (names in tooltips and for screen readers), for the sidebar. */
export function ThemeSwitcher({ name = "theme", compact = false }: { name?: string; compact?: boolean }) {
  return (
    <fieldset class={`theme-switcher ${compact ? "compact" : ""}`}>
      <legend class={compact ? "theme-legend" : "visually-hidden"}>Theme</legend>
      {choices.map(({ value, label, Icon }) => (
        <label key={value} class="theme-option" title={`${label} theme`}>
          <input type="radio" name={name} value={value} checked={themeChoice.value === value} onChange={() => chooseTheme(value)} />
          <Icon />
          <span class="theme-option-label">{label}</span>
        </label>
      ))}
    </fieldset>
  );
}
