/** The public pages: landing, privacy, cookies, terms, security. Each states what the code does. */
import type { SiteFacts } from "./facts";
import { esc, html } from "./html";
import { layout } from "./layout";
import { storedItems } from "./storage-policy";

const FEATURES: [string, string][] = [
  [
    "One shared inbox",
    "Every WhatsApp Business number of your company in one place. Assign, label, snooze and close; see who is viewing and who is typing, live.",
  ],
  [
    "Replies that never get lost",
    "Messages are ordered and stored once, even when WhatsApp sends them twice. Sent, delivered and read ticks only move forward.",
  ],
  [
    "A CRM behind every chat",
    "Contacts with tags and notes, their whole conversation history, ad attribution and opt-out state, next to the chat.",
  ],
  ["Templates and canned replies", "Approved WhatsApp templates when the 24-hour window has closed; your team's snippets with a slash."],
  ["Works offline", "The inbox opens to its last state without a connection and sends what you wrote when it is back."],
  [
    "Yours to take away",
    "Export everything as JSON and CSV at any time; encrypted daily backups; delete a customer or the whole organization.",
  ],
];

export function landingPage(f: SiteFacts): string {
  return layout(
    f.origin,
    {
      path: "/",
      title: "Parley — the WhatsApp inbox for teams",
      description: "A shared WhatsApp Business inbox and CRM: your team answers customers together, live, from any browser.",
    },
    html`<section class="hero"><div class="wrap hero-grid">
<div>
<h1>Answer every WhatsApp customer, together.</h1>
<p class="lead">Parley is a shared inbox and CRM for WhatsApp Business. Connect your numbers, invite your team, and reply from any browser — with every conversation, contact and order in one place.</p>
<p class="cta"><a class="btn btn-lg" href="/signup">Start free</a><a class="btn btn-ghost btn-lg" href="/signin">Sign in</a></p>
<p class="small muted">For shops, clinics, agencies and support teams that sell and help on WhatsApp. No card needed.</p>
</div>
<picture class="shot">
<source srcset="/site/inbox-dark.png" media="(prefers-color-scheme: dark)">
<img src="/site/inbox-light.png" width="1280" height="800" alt="Parley's inbox: the conversation list, an open chat with a customer and the contact panel.">
</picture>
</div></section>
<section class="wrap features" aria-labelledby="features-title">
<h2 id="features-title">What Parley does</h2>
<ul class="grid">${FEATURES.map(([t, d]) => html`<li class="card"><h3>${t}</h3><p>${d}</p></li>`)}</ul>
</section>
<section class="wrap band"><h2>Built on WhatsApp's own Cloud API</h2><p>Parley talks to Meta's official WhatsApp Business Cloud API: no phone left plugged in, no unofficial clients, no risk to your number. It runs on Cloudflare's network, close to your customers.</p><p><a href="/pricing">See pricing</a> · <a href="/security">How we keep your data safe</a></p></section>`,
  );
}

export function privacyPage(f: SiteFacts): string {
  return layout(
    f.origin,
    {
      path: "/privacy",
      title: "Privacy policy — Parley",
      description: "What Parley stores, why, for how long, who processes it, and how to export or delete it.",
    },
    html`<article class="wrap prose">
<h1>Privacy policy</h1>
<p>Parley is run for businesses. Each business (an <em>organization</em>) is the controller of the conversations and customer data it keeps in Parley; Parley processes that data on its behalf. For the accounts of the people who use Parley, Parley is the controller.</p>
<h2>What we store</h2>
<ul>
<li><strong>Your account</strong>: name, email, role, a bcrypt hash of your password (peppered with a server secret), and — if you turn on two-factor sign-in — your authenticator secret encrypted with AES-GCM and hashes of your recovery codes.</li>
<li><strong>Sessions</strong>: for each signed-in browser, its IP address, user agent and last activity, so you can see and end your sessions.</li>
<li><strong>Audit log</strong>: sign-ins, failed sign-ins, team, number, settings and data actions, with IP address and user agent.</li>
<li><strong>WhatsApp numbers</strong>: their ids and the access token Meta issued, encrypted with AES-GCM.</li>
<li><strong>Customers and conversations</strong>: what WhatsApp sends us about your customers (phone number or WhatsApp user id, profile name, messages, media, delivery statuses, reactions, ad attribution, opt-outs) and what your team adds (names, tags, notes, labels, replies, private notes).</li>
</ul>
<h2>How long we keep it</h2>
<table class="table"><thead><tr><th scope="col">What</th><th scope="col">Deleted</th></tr></thead><tbody>
<tr><td>Audit log entries</td><td>${f.auditLogMonths} months after they were written</td></tr>
<tr><td>Sessions</td><td>a day after they expire, or 30 days after you end them; a session ends ${f.heartbeatGraceSeconds} seconds after the app closes unless your organization chose to stay signed in (at most ${f.sessionMaxDays} days)</td></tr>
<tr><td>Pending sign-in challenges and invites</td><td>a day (challenges) or 30 days (invites) after they expire</td></tr>
<tr><td>Exports</td><td>${f.exportDays} days after they were made</td></tr>
<tr><td>Daily backups</td><td>${f.backupDays} days after they were made</td></tr>
<tr><td>Delivery statuses for messages that never arrived</td><td>${f.heldStatusHours} hours</td></tr>
<tr><td>An organization's data after its owner terminates it</td><td>everything — database rows, every conversation's messages, media, exports and backups — within ${f.terminationGraceDays} days; until then the owner can cancel</td></tr>
<tr><td>A customer your organization erases</td><td>at once: the contact, every message, media file and order of theirs</td></tr>
<tr><td>Everything else</td><td>while the organization uses Parley</td></tr>
</tbody></table>
<p>A daily job enforces each of these periods.</p>
<h2>Who processes it</h2>
<p>This deployment of Parley uses these sub-processors:</p>
<ul>${f.subProcessors.map((s) => html`<li><strong>${esc(s.name)}</strong>: ${esc(s.purpose)}</li>`)}</ul>
<p>We do not sell data, show ads, or use your conversations to train models. Where this deployment offers AI features, text goes to the AI provider only for organizations that switch them on.</p>
<h2>Your rights and controls</h2>
<ul>
<li><strong>Export</strong>: owners and admins download everything the organization holds (members, numbers without tokens, contacts, every conversation and message, the audit log) as JSON and CSV from Admin → Backups. Download links work for ${f.downloadLinkMinutes} minutes.</li>
<li><strong>Backups</strong>: made daily, encrypted with a key of your organization's own (itself encrypted with our master key), kept ${f.backupDays} days.</li>
<li><strong>Erase a customer</strong>: an owner or admin deletes a contact and everything of theirs; the audit log records that an erasure happened, not whom it erased.</li>
<li><strong>Terminate</strong>: the owner deletes the organization after confirming their password (and two-factor code). Everyone is signed out at once, the WhatsApp numbers are released, and nothing more is sent.</li>
<li>For anything else about your data, or to reach us as a customer of one of our businesses, write to the business you talked to; they can act in Parley or ask us.</li>
</ul>
<h2>Cookies</h2><p>Parley sets only the cookies and browser storage it needs to work; see the <a href="/cookies">cookie policy</a>. No analytics, no third-party requests.</p>
</article>`,
  );
}

export function cookiesPage(f: SiteFacts): string {
  return layout(
    f.origin,
    {
      path: "/cookies",
      title: "Cookie policy — Parley",
      description: "Every cookie and browser storage key Parley sets, what it is for and how long it lasts.",
    },
    html`<article class="wrap prose">
<h1>Cookie policy</h1>
<p>These are all the cookies and browser storage keys Parley sets — nothing else, and nothing from anyone else. The public pages set none; the app sets them from its sign-in page on. Essential ones make sign-in and security work; functional ones remember your choices and let the inbox work offline. Signing out clears the ones that hold your data.</p>
<div class="table-wrap"><table class="table" id="storage-policy"><thead><tr><th scope="col">Name</th><th scope="col">Where</th><th scope="col">Purpose</th><th scope="col">Lifetime</th><th scope="col">Kind</th></tr></thead><tbody>
${storedItems.map(
  (i) =>
    html`<tr data-name="${esc(i.name)}" data-where="${i.where}"><td><code>${esc(i.name)}</code></td><td>${i.where}</td><td>${esc(i.purpose)}</td><td>${esc(i.lifetime)}</td><td>${i.category}</td></tr>`,
)}
</tbody></table></div>
</article>`,
  );
}

export function termsPage(f: SiteFacts): string {
  return layout(
    f.origin,
    { path: "/terms", title: "Terms of service — Parley", description: "The terms for using Parley." },
    html`<article class="wrap prose">
<h1>Terms of service</h1>
<h2>The service</h2><p>Parley gives your organization a shared inbox and CRM for WhatsApp Business numbers you connect through Meta's Cloud API. You need your own WhatsApp Business account and must follow Meta's WhatsApp Business and Commerce policies, including getting your customers' opt-in before messaging them.</p>
<h2>Your account</h2><p>The person who signs up is the organization's owner and is responsible for who they invite and what their team sends. Keep passwords secret; turn on two-factor sign-in (owners can require it for everyone).</p>
<h2>Your data</h2><p>Your organization's data is yours. We process it only to run Parley for you, as described in the <a href="/privacy">privacy policy</a>. You can export all of it at any time and delete it: an erased customer is gone at once, a terminated organization within ${f.terminationGraceDays} days.</p>
<h2>Acceptable use</h2><p>No spam, no messages to people who did not opt in, nothing illegal, no attempts to reach other organizations' data or to overload the service.</p>
<h2>Plans and payment</h2><p>Paid plans are billed in advance per month or year; the <a href="/pricing">pricing page</a> lists what each includes. You can cancel at any time; the plan runs to the end of the period paid for.</p>
<h2>Availability and liability</h2><p>We work to keep Parley available and your data safe, with daily backups, but provide the service as is. Our liability is limited to what you paid us in the twelve months before a claim. WhatsApp is Meta's service: when it is down or refuses a message, Parley shows you why but cannot deliver it.</p>
<h2>Ending</h2><p>The owner can terminate the organization at any time (Admin → Backups). We may suspend an organization that breaks these terms, after telling its owner when we can.</p>
</article>`,
  );
}

export function securityPage(f: SiteFacts): string {
  return layout(
    f.origin,
    {
      path: "/security",
      title: "Security — Parley",
      description: "How Parley protects your organization's data: encryption, sign-in, isolation and audit.",
    },
    html`<article class="wrap prose">
<h1>Security</h1>
<ul>
<li><strong>Isolation</strong>: every query is scoped to your organization from your verified session, never from the request; each conversation lives in its own storage object. Every route is tested against access from another organization.</li>
<li><strong>Encryption</strong>: HTTPS only (HSTS). WhatsApp access tokens and two-factor secrets are encrypted with AES-GCM; exports and backups with a 256-bit key of your organization's own, which is deleted when the organization is — so no copy can be read after that.</li>
<li><strong>Sign-in</strong>: passwords hashed with bcrypt and a server-side pepper; two-factor sign-in with any authenticator app and single-use recovery codes; sign-in and codes are rate limited; sessions can be listed and ended, and end ${f.heartbeatGraceSeconds} seconds after the app closes unless your organization chooses otherwise.</li>
<li><strong>Requests</strong>: CSRF tokens on every change, a strict content security policy, WhatsApp webhooks verified by Meta's signature in constant time.</li>
<li><strong>Audit</strong>: sign-ins, team, number, settings and data actions are logged with who, when and from where, and kept ${f.auditLogMonths} months.</li>
<li><strong>Downloads</strong>: exports leave only through signed links that expire after ${f.downloadLinkMinutes} minutes, and each link made is audited.</li>
</ul>
<p>Found a vulnerability? Tell the team that runs this deployment; please give us time to fix it before publishing.</p>
</article>`,
  );
}
