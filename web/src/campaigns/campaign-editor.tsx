/** /campaigns/new: name, number, approved template with its variables mapped, audience; counted live before saving. */
import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { CampaignAudience, ParamSource } from "../../../durable/campaign-protocol";
import { messageOf } from "../api/client";
import { inboxApi } from "../api/inbox";
import { numbersApi } from "../api/numbers";
import { Alert } from "../components/alert";
import { FieldFrame } from "../components/field";
import { Page } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { useResource } from "../hooks/use-resource";
import { AudiencePicker } from "./audience-picker";
import { AudienceSummary } from "./audience-summary";
import { type AudiencePreview, campaignsApi } from "./campaigns-api";
import { defaultSource, ParamMapping } from "./param-mapping";

const placeholders = (body: string) => new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
const bodyOf = (components: unknown[]) =>
  (components.find((c) => (c as { type?: string }).type === "BODY") as { text?: string } | undefined)?.text ?? "";

export default function CampaignEditor() {
  const { route } = useLocation();
  const numbers = useResource(() => numbersApi.list());
  const templates = useResource(() => inboxApi.templates());
  const [name, setName] = useState("");
  const [phoneNumberId, setNumber] = useState("");
  const [templateKey, setTemplateKey] = useState("");
  const [params, setParams] = useState<ParamSource[]>([]);
  const [audience, setAudience] = useState<CampaignAudience>({ kind: "all" });
  const [rate, setRate] = useState("");
  const [preview, setPreview] = useState<{ data?: AudiencePreview; error?: string }>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const number = numbers.data?.numbers.find((n) => n.phoneNumberId === phoneNumberId) ?? numbers.data?.numbers[0];
  useEffect(() => {
    if (!phoneNumberId && number) setNumber(number.phoneNumberId);
  }, [number]);
  const approved = useMemo(
    () => (templates.data?.templates ?? []).filter((t) => t.status === "APPROVED" && (!number || t.wabaId === number.wabaId)),
    [templates.data, number],
  );
  const template = approved.find((t) => `${t.name}|${t.language}` === templateKey);
  const bodyText = template ? bodyOf(template.components) : "";

  const pick = (key: string) => {
    setTemplateKey(key);
    const t = approved.find((x) => `${x.name}|${x.language}` === key);
    const count = t ? placeholders(bodyOf(t.components)) : 0;
    setParams(Array.from({ length: count }, (_, i) => params[i] ?? defaultSource(i)));
  };

  const setup =
    template && number
      ? { phoneNumberId: number.phoneNumberId, template: { name: template.name, language: template.language }, params, audience }
      : null;
  const setupKey = JSON.stringify(setup);
  useEffect(() => {
    if (!setup) return;
    const timer = setTimeout(() => {
      campaignsApi.preview(setup).then(
        (r) => setPreview({ data: r.preview }),
        (err) => setPreview({ error: messageOf(err) }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [setupKey]);

  async function save(e: Event) {
    e.preventDefault();
    if (!setup) return setError("Pick a number and an approved template.");
    setPending(true);
    setError(null);
    try {
      const { campaign } = await campaignsApi.create({ ...setup, name, ...(rate && { ratePerSecond: Number(rate) }) });
      route(`/campaigns/${campaign.id}`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Page title="New campaign" description="Saved as a draft: you see who it reaches and send or schedule it on the next page.">
      <form class="campaign-editor" onSubmit={save} noValidate>
        <section class="card">
          <div class="card-body form">
            <FieldFrame id="campaign-name" label="Name">
              <input id="campaign-name" class="input" value={name} maxLength={120} onInput={(e) => setName(e.currentTarget.value)} />
            </FieldFrame>
            <div class="form-row">
              <FieldFrame id="campaign-number" label="Send from">
                <select id="campaign-number" class="select" value={phoneNumberId} onChange={(e) => setNumber(e.currentTarget.value)}>
                  {(numbers.data?.numbers ?? []).map((n) => (
                    <option key={n.id} value={n.phoneNumberId}>
                      {n.verifiedName ?? "Number"} · +{n.displayPhoneNumber}
                    </option>
                  ))}
                </select>
              </FieldFrame>
              <FieldFrame
                id="campaign-template"
                label="Approved template"
                hint={approved.length ? undefined : "No approved templates: sync them from the inbox's template picker."}
              >
                <select id="campaign-template" class="select" value={templateKey} onChange={(e) => pick(e.currentTarget.value)}>
                  <option value="">Choose…</option>
                  {approved.map((t) => (
                    <option key={t.id} value={`${t.name}|${t.language}`}>
                      {t.name} ({t.language}){t.category === "MARKETING" ? " · marketing" : ""}
                    </option>
                  ))}
                </select>
              </FieldFrame>
            </div>
            {template && (
              <>
                <p class="template-body">{bodyText}</p>
                <ParamMapping params={params} onChange={setParams} />
              </>
            )}
            <AudiencePicker audience={audience} onChange={setAudience} />
            <FieldFrame id="campaign-rate" label="Messages per second" hint="Empty: the number's limit (80/s unless configured).">
              <input
                id="campaign-rate"
                class="input input-narrow"
                inputmode="numeric"
                value={rate}
                placeholder="80"
                onInput={(e) => setRate(e.currentTarget.value.replace(/\D/g, ""))}
              />
            </FieldFrame>
          </div>
        </section>
        <section class="card" aria-live="polite">
          <div class="card-header">
            <h2>Who receives it</h2>
          </div>
          <div class="card-body">
            {!setup && <p class="field-hint">Pick a template to see the count and a preview.</p>}
            {setup && preview.error && <Alert>{preview.error}</Alert>}
            {setup && preview.data && <AudienceSummary preview={preview.data} />}
          </div>
        </section>
        {error && <Alert>{error}</Alert>}
        <div class="form-actions">
          <a class="btn btn-ghost" href="/campaigns">
            Cancel
          </a>
          <SubmitButton pending={pending}>Save draft</SubmitButton>
        </div>
      </form>
    </Page>
  );
}
