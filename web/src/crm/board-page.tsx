/**
 * /contacts/board: one column per lifecycle stage with its count and lead-score sum; drag a card to
 * another column (or pick the stage on the card, for keyboards and phones) to move the contact.
 */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { crmApi, type ContactView, type Stage } from "../api/crm";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { toast } from "../components/toasts";
import { ContactAvatar } from "../inbox/contact-avatar";
import { displayName } from "./columns";
import { contactOf, contactsRevision, rememberContact } from "./contact-live";
import { loadCrmMeta, stages as stageList } from "./crm-meta";
import { useContactFrames } from "./org-socket";
import { CrmTabs } from "./crm-tabs";

type Column = Stage & { count: number; leadScoreSum: number };
const PER_COLUMN = 50;

export default function BoardPage() {
  useContactFrames();
  const [columns, setColumns] = useState<Column[] | null>(null);
  const [cards, setCards] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);

  async function load() {
    try {
      await loadCrmMeta();
      const { stages } = await crmApi.board();
      setColumns(stages);
      const pages = await Promise.all(
        stages.map((s) =>
          crmApi.list({
            filter: { match: "all", rules: [{ field: "stage", op: "eq", value: s.key }] },
            sort: "updatedAt",
            dir: "desc",
            limit: PER_COLUMN,
          }),
        ),
      );
      setCards(Object.fromEntries(stages.map((s, i) => [s.key, pages[i]!.contacts.map((c) => rememberContact(c).id)])));
    } catch (err) {
      setError(messageOf(err));
    }
  }
  useEffect(() => void load(), []);

  // Another agent moved a contact: its card follows it to its column.
  contactsRevision.value;
  const first = stageList.value[0]?.key;
  const placed = (key: string) =>
    Object.values(cards)
      .flat()
      .filter((id) => (contactOf(id)?.stage ?? first) === key);

  async function move(contact: ContactView, to: string) {
    const from = contact.stage ?? first;
    if (from === to) return;
    setColumns((cols) => cols?.map((c) => ({ ...c, count: c.count + (c.key === to ? 1 : c.key === from ? -1 : 0) })) ?? null);
    try {
      rememberContact((await crmApi.update(contact.id, { stage: to })).contact);
    } catch (err) {
      toast(messageOf(err), "error");
      void load();
    }
  }

  if (error) return <Page title="Stage board">{<Alert>{error}</Alert>}</Page>;
  return (
    <Page title="Stage board" actions={<CrmTabs />}>
      {!columns ? (
        <LoadingRows rows={4} />
      ) : (
        <div class="crm-board">
          {columns.map((col) => (
            <section
              key={col.key}
              class={`crm-column ${over === col.key ? "crm-column-over" : ""}`}
              aria-label={`${col.name}: ${col.count} contacts`}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(col.key);
              }}
              onDragLeave={() => setOver(null)}
              onDrop={(e) => {
                e.preventDefault();
                setOver(null);
                const id = e.dataTransfer?.getData("text/plain") || dragging;
                const contact = id ? contactOf(id) : undefined;
                if (contact) void move(contact, col.key);
              }}
            >
              <header class="crm-column-head" style={{ "--stage": col.color }}>
                <h2>{col.name}</h2>
                <span class="crm-column-count" data-testid={`count-${col.key}`}>
                  {col.count}
                </span>
                <span class="muted" title="Sum of lead scores">
                  Σ {col.leadScoreSum}
                </span>
              </header>
              <ol class="crm-cards">
                {placed(col.key).map((id) => {
                  const c = contactOf(id)!;
                  const name = displayName(c);
                  return (
                    <li
                      key={id}
                      class="crm-card"
                      draggable
                      onDragStart={(e) => {
                        e.dataTransfer?.setData("text/plain", id);
                        setDragging(id);
                      }}
                      onDragEnd={() => setDragging(null)}
                    >
                      <a href={`/contacts/${encodeURIComponent(id)}`} class="crm-name">
                        <ContactAvatar name={name} id={id} size="sm" />
                        <span>{name}</span>
                      </a>
                      {c.leadScore !== null && <span class="badge">{c.leadScore}</span>}
                      <select
                        class="select select-sm crm-card-move"
                        aria-label={`Move ${name} to stage`}
                        value={col.key}
                        onChange={(e) => void move(c, e.currentTarget.value)}
                      >
                        {columns.map((s) => (
                          <option key={s.key} value={s.key}>
                            {s.name}
                          </option>
                        ))}
                      </select>
                    </li>
                  );
                })}
              </ol>
            </section>
          ))}
        </div>
      )}
    </Page>
  );
}
