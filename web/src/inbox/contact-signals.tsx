/**
 * What WhatsApp told Parley about this customer, in the contact panel: numbers they used before, the ad
 * they came from (first and last touch), whether Meta could not deliver to them lately (131026), and a
 * marketing opt-out with its source and time. Read from the conversation and contact APIs; nothing here is edited.
 */
import { useEffect, useState } from "preact/hooks";
import type { AdAttribution, AdReferral } from "../../../durable/protocol";
import { inboxApi, type PublicContact } from "../api/inbox";
import { AlertIcon, ExternalLinkIcon } from "../components/icons";
import { exactTime, now, relativeTime } from "../format/time";
import { phoneLabel } from "./contact-name";

/** Where an opt-out came from, as the contacts API names it. */
const OPT_OUT_SOURCES: Record<string, string> = {
  "131050": "WhatsApp refused a marketing message (131050)",
  user_preferences: "the customer tapped Stop on WhatsApp",
  manual: "set by the team",
  import: "a contact import",
};

function useAttribution(conversationId: string) {
  const [attribution, setAttribution] = useState<AdAttribution | null>(null);
  useEffect(() => {
    setAttribution(null);
    let live = true;
    inboxApi.conversation(conversationId).then(
      (r) => live && setAttribution(r.attribution),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [conversationId]);
  return attribution;
}

const adName = (ad: AdReferral) => ad.headline ?? ad.body ?? (ad.sourceId ? `${ad.sourceType ?? "ad"} ${ad.sourceId}` : "an ad");

function Ad({ ad, label }: { ad: AdReferral; label: string }) {
  return (
    <div class="ad-touch">
      <p>
        <span class="muted">{label}</span>{" "}
        {ad.sourceUrl ? (
          <a href={ad.sourceUrl} target="_blank" rel="noopener noreferrer">
            {adName(ad)}
            <ExternalLinkIcon />
          </a>
        ) : (
          <strong>{adName(ad)}</strong>
        )}
      </p>
      <p class="field-hint" title={exactTime(ad.at)}>
        {relativeTime(ad.at, now.value)}
        {ad.sourceId && ` · ${ad.sourceType === "post" ? "Post" : "Ad"} ${ad.sourceId}`}
      </p>
    </div>
  );
}

export function ContactSignals({ conversationId, contact }: { conversationId: string; contact: PublicContact | null }) {
  const attribution = useAttribution(conversationId);
  // The API lists the current number first.
  const former = contact?.numbers.slice(contact.waId ? 1 : 0) ?? [];
  const optOutSource = contact?.marketingOptOutSource ?? null;
  const sameAd = attribution && attribution.firstTouch.at === attribution.lastTouch.at;
  if (!attribution && !contact?.unreachableAt && !contact?.marketingOptOutAt && !former.length) return null;
  return (
    <section class="panel-section" aria-label="From WhatsApp">
      {former.length > 0 && (
        <div class="contact-numbers">
          <span class="muted">Earlier numbers</span>
          <ul>
            {former.map((waId) => (
              <li key={waId} class="mono">
                {phoneLabel(waId)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {contact?.unreachableAt && (
        <p class="contact-signal is-warning" title={exactTime(contact.unreachableAt)}>
          <AlertIcon />
          <span>
            Possibly unreachable: WhatsApp could not deliver a message {relativeTime(contact.unreachableAt, now.value)} (131026). Clears
            when they write.
          </span>
        </p>
      )}
      {contact?.marketingOptOutAt && (
        <p class="contact-signal" title={exactTime(contact.marketingOptOutAt)}>
          <span>
            Opted out of marketing {relativeTime(contact.marketingOptOutAt, now.value)}
            {optOutSource && `: ${OPT_OUT_SOURCES[optOutSource] ?? optOutSource}`}.
          </span>
        </p>
      )}
      {attribution && (
        <>
          <Ad ad={attribution.lastTouch} label="Came from ad:" />
          {!sameAd && <Ad ad={attribution.firstTouch} label="First came from:" />}
        </>
      )}
    </section>
  );
}
