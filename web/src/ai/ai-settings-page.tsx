/**
 * Settings → AI (owners and admins): the consent switch, per-feature switches, model and monthly budget,
 * the auto-reply rules, exactly what is sent to whom, the knowledge base, and this month's usage.
 */
import { useEffect, useState } from "preact/hooks";
import { aiFeatures } from "../../../db/tables/ai-enums";
import type { AiSettingsBody } from "../../../worker/schemas/ai";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { toast } from "../components/toasts";
import { type AiSettingsResponse, type AiSettingsView, aiApi, type Disclosure, loadAiStatus } from "./ai-api";
import { ActivityCard } from "./activity-card";
import { FEATURE_TITLES } from "./ai-labels";
import { KnowledgeCard } from "./knowledge-card";
import { UsageCard } from "./usage-card";

function Switch({
  id,
  title,
  description,
  checked,
  disabled,
  onChange,
}: {
  id: string;
  title: string;
  description: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label class="switch" for={id}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={checked}
        aria-checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.checked)}
        aria-describedby={`${id}-desc`}
      />
      <span class="switch-text">
        <span class="switch-title">{title}</span>
        <span class="muted small" id={`${id}-desc`}>
          {description}
        </span>
      </span>
    </label>
  );
}

function DisclosureCard({ d }: { d: Disclosure }) {
  return (
    <section class="card" aria-labelledby="ai-disclosure-title">
      <div class="card-header">
        <div>
          <h2 id="ai-disclosure-title">What is sent, and to whom</h2>
          <p>
            Requests go to <strong class="mono">{d.endpoint}</strong>, model <strong class="mono">{d.model}</strong>.
          </p>
        </div>
      </div>
      <div class="card-body ai-disclosure">
        <ul>
          {d.always.map((line) => (
            <li key={line}>{line}</li>
          ))}
          {d.never.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export default function AiSettingsPage() {
  const [data, setData] = useState<AiSettingsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [budget, setBudget] = useState("");
  const [model, setModel] = useState("");

  const reload = () =>
    aiApi.settings().then(
      (d) => {
        setData(d);
        setBudget((d.settings.monthlyBudgetCents / 100).toFixed(2));
        setModel(d.settings.model ?? "");
      },
      (err) => setError(messageOf(err)),
    );
  useEffect(() => {
    void reload();
  }, []);

  async function save(body: AiSettingsBody, what: string) {
    setPending(true);
    setError(null);
    try {
      await aiApi.save(body);
      await Promise.all([reload(), loadAiStatus(true)]);
      toast(what);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  if (!data) {
    return (
      <Page title="AI assist" narrow>
        {error ? <Alert>{error}</Alert> : <LoadingRows />}
      </Page>
    );
  }
  const s = data.settings;
  return (
    <Page title="AI assist" description="Summaries, reply drafts, intent, lead scores and auto-replies. Off until you switch it on." narrow>
      {error && <Alert>{error}</Alert>}
      <section class="card" aria-labelledby="ai-consent-title">
        <div class="card-header">
          <div>
            <h2 id="ai-consent-title">Consent</h2>
            <p>Nothing leaves Parley for the AI provider while this is off. Changes are recorded in the audit log.</p>
          </div>
        </div>
        <div class="card-body policies">
          <Switch
            id="ai-enabled"
            title="Use AI assist in this organization"
            description={`Sends the minimum each feature needs to ${data.disclosure.endpoint}, as listed below.`}
            checked={s.enabled}
            disabled={pending}
            onChange={(v) => void save({ enabled: v }, `AI assist ${v ? "on" : "off"}`)}
          />
          {aiFeatures.map((f) => (
            <Switch
              key={f}
              id={`ai-feature-${f}`}
              title={FEATURE_TITLES[f]}
              description={data.disclosure.features[f]}
              checked={s.features[f]}
              disabled={pending || !s.enabled}
              onChange={(v) => void save({ features: { [f]: v } }, `${FEATURE_TITLES[f]}: ${v ? "on" : "off"}`)}
            />
          ))}
        </div>
      </section>
      <DisclosureCard d={data.disclosure} />
      <section class="card" aria-labelledby="ai-model-title">
        <div class="card-header">
          <h2 id="ai-model-title">Model and budget</h2>
        </div>
        <form
          class="card-body ai-form"
          onSubmit={(e) => {
            e.preventDefault();
            const cents = Math.round(Number(budget.replace(",", ".")) * 100);
            if (!Number.isFinite(cents) || cents < 0) return setError("Budget: enter an amount in US dollars, like 10.00.");
            void save({ model: model.trim() || null, monthlyBudgetCents: cents }, "Model and budget saved");
          }}
        >
          <label class="field">
            <span class="field-label">Model</span>
            <input
              class="input"
              value={model}
              placeholder={`${data.defaultModel} (default)`}
              onInput={(e) => setModel(e.currentTarget.value)}
              maxLength={100}
            />
          </label>
          <label class="field">
            <span class="field-label">Monthly budget (US $)</span>
            <input class="input" inputMode="decimal" value={budget} onInput={(e) => setBudget(e.currentTarget.value)} />
          </label>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={pending}>
              Save
            </button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="ai-auto-title">
        <div class="card-header">
          <div>
            <h2 id="ai-auto-title">Auto-replies</h2>
            <p>
              Answer only from the knowledge base, only inside WhatsApp's 24-hour window, at most {s.autoReplyMaxPerConversation} per
              conversation. Below {Math.round(s.autoReplyMinConfidence * 100)}% confidence, when the customer asks for a person, or on
              complaints and refunds, the conversation is handed to a person with a private note saying why.
            </p>
          </div>
        </div>
        <div class="card-body ai-form">
          <label class="field ai-form-wide">
            <span class="field-label">When</span>
            <select
              class="select"
              value={s.autoReplyMode}
              disabled={pending}
              onChange={(e) =>
                void save({ autoReplyMode: e.currentTarget.value as AiSettingsView["autoReplyMode"] }, "Auto-reply rule saved")
              }
            >
              <option value="outside_hours">
                Outside business hours (
                {s.businessHours
                  ? `${s.businessHours.timeZone}, ${Math.floor(s.businessHours.openMinute / 60)}:00–${Math.floor(s.businessHours.closeMinute / 60)}:00`
                  : "not set"}
                )
              </option>
              <option value="no_agent_online">When no agent is online</option>
              <option value="always">Always, until a person takes over</option>
            </select>
          </label>
          <label class="field">
            <span class="field-label">At most, per conversation</span>
            <select
              class="select"
              value={String(s.autoReplyMaxPerConversation)}
              disabled={pending}
              onChange={(e) => void save({ autoReplyMaxPerConversation: Number(e.currentTarget.value) }, "Saved")}
            >
              {[0, 1, 2, 3, 5].map((n) => (
                <option key={n} value={String(n)}>
                  {n === 0 ? "None: always hand off" : `${n} auto-repl${n === 1 ? "y" : "ies"}`}
                </option>
              ))}
            </select>
          </label>
        </div>
      </section>
      <KnowledgeCard />
      <UsageCard usage={data.usage} budgetCents={s.monthlyBudgetCents} plan={data.plan} />
      <ActivityCard />
    </Page>
  );
}
