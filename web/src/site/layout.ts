/** The public site's frame: head with sharing tags, header, footer. One stylesheet (/site.css), no scripts. */
import { esc, html } from "./html";

export interface PageMeta {
  path: string;
  title: string;
  description: string;
}

const LOGO = `<svg viewBox="4.5 6 20 20" width="18" height="18" aria-hidden="true"><path d="M9 22V10h7a4 4 0 0 1 0 8h-4v4z" fill="currentColor"/></svg>`;

export function layout(origin: string, meta: PageMeta, body: string): string {
  const url = `${origin}${meta.path}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(meta.title)}</title>
<meta name="description" content="${esc(meta.description)}">
<link rel="canonical" href="${esc(url)}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="Parley">
<meta property="og:title" content="${esc(meta.title)}">
<meta property="og:description" content="${esc(meta.description)}">
<meta property="og:url" content="${esc(url)}">
<meta property="og:image" content="${esc(origin)}/site/inbox-light.png">
<meta name="twitter:card" content="summary_large_image">
<meta name="theme-color" content="#0f766e" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#0b1017" media="(prefers-color-scheme: dark)">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/site.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="wrap top-row">
<a class="brand" href="/"><span class="mark">${LOGO}</span>Parley</a>
<nav aria-label="Site"><a href="/pricing">Pricing</a><a href="/security">Security</a><a href="/signin">Sign in</a><a class="btn" href="/signup">Start free</a></nav>
</div></header>
<main id="main">${body}</main>
<footer class="foot"><div class="wrap foot-row">
<span>© Parley</span>
<nav aria-label="Legal"><a href="/privacy">Privacy</a><a href="/cookies">Cookies</a><a href="/terms">Terms</a><a href="/security">Security</a></nav>
</div></footer>
</body>
</html>`;
}
