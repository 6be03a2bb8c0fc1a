/** The frame of the signed-out pages: the brand, one card, a theme switcher in the corner. */
import type { ComponentChildren } from "preact";
import { LogoMark } from "./icons";
import { ThemeSwitcher } from "./theme-switcher";

interface AuthLayoutProps {
  title: ComponentChildren;
  subtitle?: ComponentChildren;
  wide?: boolean;
  footer?: ComponentChildren;
  children: ComponentChildren;
}

export function AuthLayout({ title, subtitle, wide, footer, children }: AuthLayoutProps) {
  return (
    <main id="main" class="auth" tabIndex={-1}>
      <div class="auth-tools">
        <ThemeSwitcher name="theme-auth" />
      </div>
      <a class="auth-brand" href="/signin">
        <span class="brand-mark">
          <LogoMark />
        </span>
        Parley
      </a>
      <section class={`auth-card ${wide ? "wide" : ""}`} aria-labelledby="auth-title">
        <header>
          <h1 id="auth-title">{title}</h1>
          {subtitle && <p>{subtitle}</p>}
        </header>
        {children}
      </section>
      {footer && <p class="auth-foot">{footer}</p>}
    </main>
  );
}
