/** The Stripe peer's hosted pages: Checkout (pay or go back) and the Customer Portal (invoices, cancel). */
import type { Json } from "./stripe-state.js";

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
const money = (minor: unknown, currency: unknown) =>
  new Intl.NumberFormat("en", { style: "currency", currency: String(currency).toUpperCase() }).format(Number(minor) / 100);

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36}
@media (prefers-color-scheme:dark){body{background:#14161b;color:#e6e8eb}.card{background:#1e2127!important;border-color:#2d3139!important}}
main{max-width:460px;margin:48px auto;padding:0 16px}.card{background:#fff;border:1px solid #e3e8ee;border-radius:10px;padding:24px;display:grid;gap:14px}
h1{font-size:20px;margin:0}.muted{color:#6b7385}.price{font-size:28px;font-weight:700}button{font:inherit;font-weight:600;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;width:100%;cursor:pointer}
button.danger{background:#df1b41}input{font:inherit;padding:10px;border:1px solid #cfd7df;border-radius:6px;width:100%;box-sizing:border-box}table{width:100%;border-collapse:collapse}td{padding:6px 0;border-top:1px solid #e3e8ee}`;

const layout = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><p class="muted">Stripe (local test peer)</p><div class="card">${body}</div></main></body></html>`;

export function checkoutPage(session: Json, price: Json, customer: Json | undefined): string {
  const interval = (price.recurring as Json).interval;
  return layout(
    "Checkout",
    `<h1>Subscribe to ${escapeHtml(String(price.nickname))}</h1>
<div class="price">${money(price.unit_amount, price.currency)} <span class="muted" style="font-size:15px">per ${escapeHtml(String(interval))}</span></div>
<p class="muted">Billed to ${escapeHtml(String(customer?.email ?? ""))}</p>
<form method="post" action="/checkout/${escapeHtml(String(session.id))}/pay" style="display:grid;gap:12px">
<label>Card number<input name="card" value="4242 4242 4242 4242" autocomplete="off"></label>
<button type="submit">Pay and subscribe</button></form>
<a href="${escapeHtml(String(session.cancel_url))}">← Back to Parley</a>`,
  );
}

export function portalPage(portal: Json, subs: Json[], invoices: Json[]): string {
  const rows = invoices
    .map(
      (i) =>
        `<tr><td>${escapeHtml(String(i.number))}</td><td>${new Date(Number(i.created) * 1000).toISOString().slice(0, 10)}</td><td>${money(i.amount_due, i.currency)}</td><td>${escapeHtml(String(i.status))}</td></tr>`,
    )
    .join("");
  const current = subs
    .map((s) => {
      const price = ((s.items as { data: Json[] }).data[0]!.price ?? {}) as Json;
      return `<p><strong>${escapeHtml(String(price.nickname))}</strong> · ${escapeHtml(String(s.status))}</p>`;
    })
    .join("");
  return layout(
    "Billing portal",
    `<h1>Manage your subscription</h1>${current || '<p class="muted">No active subscription.</p>'}
<table><tbody>${rows}</tbody></table>
${subs.length ? `<form method="post" action="/portal/${escapeHtml(String(portal.id))}/cancel"><button class="danger" type="submit">Cancel subscription</button></form>` : ""}
<a href="${escapeHtml(String(portal.return_url))}">← Back to Parley</a>`,
  );
}

/** Checkout for a one-off payment on a connected account: what the customer sees from a payment link. */
export function paymentPage(session: Json, account: Json | undefined): string {
  const lines = (session.line_items_preview as Json[] | undefined) ?? [];
  const rows = lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(String(l.name))} × ${escapeHtml(String(l.quantity))}</td><td>${money(Number(l.amount) * Number(l.quantity), session.currency)}</td></tr>`,
    )
    .join("");
  const payable = session.status === "open";
  const merchant = escapeHtml(String((account?.business_profile as Json | undefined)?.name ?? "the shop"));
  return layout(
    "Pay",
    `<h1>Pay ${merchant}</h1>
<div class="price">${money(session.amount_total, session.currency)}</div>
<table><tbody>${rows}</tbody></table>
${
  payable
    ? `<form method="post" action="/checkout/${escapeHtml(String(session.id))}/pay" style="display:grid;gap:12px">
<label>Card number<input name="card" value="4242 4242 4242 4242" autocomplete="off"></label>
<button type="submit">Pay</button></form>`
    : `<p><strong>${session.status === "complete" ? "Paid. Thank you!" : "This payment link has expired."}</strong></p>`
}`,
  );
}

/** Stripe's onboarding for an organization's own account (Connect), reduced to one button. */
export function onboardingPage(linkId: string, account: Json): string {
  return layout(
    "Set up payments",
    `<h1>Set up payments for ${escapeHtml(String((account.business_profile as Json | undefined)?.name ?? account.email ?? account.id))}</h1>
<p class="muted">Stripe needs your business details and a bank account to pay you out.</p>
<form method="post" action="/connect/${escapeHtml(linkId)}/complete" style="display:grid;gap:12px">
<label>IBAN<input name="iban" value="PT50 0002 0123 1234 5678 9015 4" autocomplete="off"></label>
<button type="submit">Agree and finish</button></form>`,
  );
}
