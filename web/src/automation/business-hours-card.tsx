/** Business hours: time zone, opening hours per weekday, holidays, and the away message. */
import { useEffect, useState } from "preact/hooks";
import type { DAYS, OpeningSpan } from "../../../worker/schemas/automation";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { toast } from "../components/toasts";
import { automationApi, type BusinessHours } from "./automation-api";

const DAY_NAMES: Record<(typeof DAYS)[number], string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};
const WEEK_ORDER = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export function BusinessHoursCard() {
  const [hours, setHours] = useState<BusinessHours | null>(null);
  const [holiday, setHoliday] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    automationApi.hours().then(
      ({ hours: h }) =>
        setHours(h.updatedAt ? h : { ...h, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", awayMessage: null }),
      (err) => setError(messageOf(err)),
    );
  }, []);
  if (!hours) return error ? <Alert>{error}</Alert> : null;

  const setWeek = (week: OpeningSpan[]) => setHours({ ...hours, week });
  const spansOf = (day: OpeningSpan["day"]) => hours.week.map((s, i) => ({ s, i })).filter(({ s }) => s.day === day);

  async function save(e: Event) {
    e.preventDefault();
    if (!hours) return;
    setPending(true);
    setError(null);
    try {
      const { updatedAt: _u, ...body } = hours;
      setHours((await automationApi.saveHours({ ...body, awayMessage: body.awayMessage?.trim() || null })).hours);
      toast("Business hours saved");
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <section class="card" aria-labelledby="hours-title">
      <div class="card-header">
        <div>
          <h2 id="hours-title">Business hours</h2>
          <p>Rules can test them, and out of hours the away message answers a customer once per conversation until you open again.</p>
        </div>
      </div>
      <form class="card-body automation-hours" onSubmit={save}>
        <label class="switch" for="hours-enabled">
          <input
            id="hours-enabled"
            type="checkbox"
            role="switch"
            aria-checked={hours.enabled}
            checked={hours.enabled}
            onChange={(e) => setHours({ ...hours, enabled: e.currentTarget.checked })}
          />
          <span class="switch-text">
            <span class="switch-title">Use business hours</span>
          </span>
        </label>
        <label class="field">
          <span class="field-label">Time zone</span>
          <input class="input" value={hours.timeZone} onInput={(e) => setHours({ ...hours, timeZone: e.currentTarget.value })} />
        </label>
        <table class="automation-week">
          <tbody>
            {WEEK_ORDER.map((day) => {
              const spans = spansOf(day);
              return (
                <tr key={day}>
                  <th scope="row">{DAY_NAMES[day]}</th>
                  <td>
                    {spans.length === 0 && <span class="muted">Closed</span>}
                    {spans.map(({ s, i }) => (
                      <span class="automation-span" key={i}>
                        <input
                          class="input"
                          type="time"
                          aria-label={`${DAY_NAMES[day]} opens`}
                          value={s.open}
                          onInput={(e) => setWeek(hours.week.map((x, j) => (j === i ? { ...x, open: e.currentTarget.value } : x)))}
                        />
                        –
                        <input
                          class="input"
                          type="time"
                          aria-label={`${DAY_NAMES[day]} closes`}
                          value={s.close}
                          onInput={(e) => setWeek(hours.week.map((x, j) => (j === i ? { ...x, close: e.currentTarget.value } : x)))}
                        />
                        <button type="button" class="btn btn-ghost btn-sm" onClick={() => setWeek(hours.week.filter((_, j) => j !== i))}>
                          Remove
                        </button>
                      </span>
                    ))}
                  </td>
                  <td class="cell-actions">
                    <button
                      type="button"
                      class="btn btn-ghost btn-sm"
                      aria-label={`Add hours on ${DAY_NAMES[day]}`}
                      onClick={() => setWeek([...hours.week, { day, open: "09:00", close: "18:00" }])}
                    >
                      Add hours
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div class="field">
          <span class="field-label">Holidays (closed all day)</span>
          <div class="cluster">
            <input class="input" type="date" aria-label="Holiday" value={holiday} onInput={(e) => setHoliday(e.currentTarget.value)} />
            <button
              type="button"
              class="btn btn-sm"
              disabled={!holiday}
              onClick={() => {
                setHours({ ...hours, holidays: [...new Set([...hours.holidays, holiday])].sort() });
                setHoliday("");
              }}
            >
              Add holiday
            </button>
          </div>
          <ul class="automation-holidays">
            {hours.holidays.map((d) => (
              <li key={d}>
                {d}
                <button
                  type="button"
                  class="btn btn-ghost btn-sm"
                  aria-label={`Remove holiday ${d}`}
                  onClick={() => setHours({ ...hours, holidays: hours.holidays.filter((x) => x !== d) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
        <label class="field">
          <span class="field-label">Away message</span>
          <textarea
            class="input"
            rows={3}
            maxLength={1024}
            value={hours.awayMessage ?? ""}
            placeholder="Thanks for your message! We're closed now and will answer from 9:00."
            onInput={(e) => setHours({ ...hours, awayMessage: e.currentTarget.value })}
          />
          <span class="muted small">
            Empty: no away message. Sent only while WhatsApp's 24-hour window is open (it always is right after the customer writes).
          </span>
        </label>
        {error && <Alert>{error}</Alert>}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={pending}>
            Save business hours
          </button>
        </div>
      </form>
    </section>
  );
}
