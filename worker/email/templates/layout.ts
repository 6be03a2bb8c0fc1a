/**
 * The one look of Parley's email: a heading, short paragraphs, at most one button, a footnote. Inline
 * styles and a single-column table, since mail clients ignore style sheets; the text part says the same
 * with the link written out, for clients (and people) that read plain text.
 */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailContent {
  subject: string;
  /** The line mail clients show beside the subject. */
  preview: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the button: why they got it, what to do if it was not them. */
  footnote?: string;
}

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

const BRAND = "#0f7b5f";

export function renderEmail(content: EmailContent): RenderedEmail {
  const p = (text: string) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#1b1f24">${escapeHtml(text)}</p>`;
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:${BRAND};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#5b6470">Or paste this link into your browser:<br><a href="${escapeHtml(content.action.url)}" style="color:${BRAND};word-break:break-all">${escapeHtml(content.action.url)}</a></p>`
    : "";
  const footnote = content.footnote
    ? `<p style="margin:24px 0 0;font-size:13px;line-height:1.5;color:#5b6470">${escapeHtml(content.footnote)}</p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<span style="display:none;max-height:0;overflow:hidden">${escapeHtml(content.preview)}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;border:1px solid #e1e4e8">
<tr><td style="padding:20px 28px;border-bottom:1px solid #e1e4e8;font-weight:700;font-size:17px;color:${BRAND}">Parley</td></tr>
<tr><td style="padding:28px">
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;color:#1b1f24">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map(p).join("\n")}
${button}
${footnote}
</td></tr></table>
<p style="margin:16px 0 0;font-size:12px;color:#8a929c">Parley · WhatsApp inbox and CRM</p>
</td></tr></table>
</body></html>`;
  const text = [
    content.heading,
    "",
    ...content.paragraphs.flatMap((line) => [line, ""]),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ""] : []),
    ...(content.footnote ? [content.footnote, ""] : []),
    "-- ",
    "Parley · WhatsApp inbox and CRM",
  ].join("\n");
  return { subject: content.subject, html, text };
}
