/** The mail peer's mailbox pages: a list of what Parley sent, and one message with its HTML and text parts. */
import type { StoredMail } from "./mail.js";

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

const STYLE = `
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
  @media (prefers-color-scheme: dark) { body { color: #e6e8eb; background: #15181c; } a { color: #8ab4ff; } .card { background: #1e2227 !important; border-color: #2c3138 !important; } }
  main { max-width: 880px; margin: 0 auto; padding: 24px 16px; }
  h1 { font-size: 20px; margin: 0 0 16px; }
  .card { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; }
  ul { list-style: none; margin: 0; padding: 0; }
  li { border-top: 1px solid #dde1e6; } li:first-child { border-top: 0; }
  li a { display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; padding: 12px 16px; text-decoration: none; color: inherit; }
  .subject { font-weight: 600; } .meta { color: #6b7480; font-size: 13px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; padding: 12px 16px; margin: 0; }
  dt { color: #6b7480; } dd { margin: 0; word-break: break-all; }
  iframe { width: 100%; height: 520px; border: 0; border-top: 1px solid #dde1e6; background: #fff; }
  pre { white-space: pre-wrap; padding: 12px 16px; margin: 0; border-top: 1px solid #dde1e6; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const when = (at: number) => new Date(at).toISOString().replace("T", " ").slice(0, 19);

export function inboxPage(messages: StoredMail[]): string {
  const rows = messages
    .map(
      (m) =>
        `<li><a href="/messages/${m.id}"><span class="subject">${escapeHtml(m.subject)}</span><span class="meta">${when(m.at)}</span><span class="meta">to ${escapeHtml(m.to.join(", "))}</span></a></li>`,
    )
    .join("");
  return layout(
    "Local mailbox",
    `<h1>Local mailbox <span class="meta">(${messages.length} sent by Parley)</span></h1><div class="card">${rows ? `<ul>${rows}</ul>` : '<p style="padding:16px">Nothing sent yet.</p>'}</div>`,
  );
}

export function messagePage(m: StoredMail): string {
  return layout(
    m.subject,
    `<p><a href="/">← Local mailbox</a></p><div class="card"><dl><dt>Subject</dt><dd>${escapeHtml(m.subject)}</dd><dt>From</dt><dd>${escapeHtml(m.from)}</dd><dt>To</dt><dd>${escapeHtml(m.to.join(", "))}</dd><dt>Sent</dt><dd>${when(m.at)}</dd></dl>${
      m.html ? `<iframe title="HTML part" src="/messages/${m.id}/html"></iframe>` : ""
    }${m.text ? `<pre>${escapeHtml(m.text)}</pre>` : ""}</div>`,
  );
}
