/** /contacts: search, filters (AND/OR groups, custom fields), saved segments, sort, columns, a windowed list and bulk actions. */
import { useEffect, useRef, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { crmApi, listParams, type ContactFilter, type ContactView, type Segment } from "../api/crm";
import { Alert } from "../components/alert";
import { DownloadIcon, PlusIcon, SearchIcon } from "../components/icons";
import { Menu } from "../components/menu";
import { LoadingRows, Page } from "../components/page";
import { toast } from "../components/toasts";
import { loadMembers } from "../inbox/members";
import { currentUser } from "../session/session";
import { isAdmin } from "../session/roles";
import type { ContactSort } from "../../../worker/schemas/contacts";
import { BulkBar } from "./bulk-bar";
import { BUILT_IN, chosenColumns, customColumn, toggleColumn } from "./columns";
import { ContactTable } from "./contact-table";
import { contactsReloadTick, rememberContact, removedContacts } from "./contact-live";
import { customFields, loadCrmMeta } from "./crm-meta";
import { completeFilter, FilterBuilder } from "./filter-builder";
import { useContactFrames } from "./org-socket";
import { CrmTabs } from "./crm-tabs";
import { NewContactDialog } from "./new-contact-dialog";

const SORTS: { value: ContactSort; label: string }[] = [
  { value: "updatedAt", label: "Recently updated" },
  { value: "createdAt", label: "Recently added" },
  { value: "lastInboundAt", label: "Last message" },
  { value: "name", label: "Name" },
  { value: "leadScore", label: "Lead score" },
];

export default function ContactsPage() {
  useContactFrames();
  const admin = isAdmin(currentUser.value?.role ?? "agent");
  const [q, setQ] = useState("");
  const [filter, setFilter] = useState<ContactFilter>({ match: "all", rules: [] });
  const [showFilters, setShowFilters] = useState(false);
  const [segmentId, setSegmentId] = useState("");
  const [segments, setSegments] = useState<Segment[]>([]);
  const [sort, setSort] = useState<ContactSort>("updatedAt");
  const [dir, setDir] = useState<"asc" | "desc">("desc");
  const [rows, setRows] = useState<ContactView[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const generation = useRef(0);
  const sent = completeFilter(filter);
  const params = { q, filter: sent, ...(segmentId && { segmentId }), sort, dir, limit: 100 };
  const key = listParams(params);

  const loadSegments = () =>
    crmApi.segments().then(
      (r) => setSegments(r.segments),
      () => undefined,
    );
  useEffect(() => {
    void loadCrmMeta();
    void loadMembers();
    void loadSegments();
  }, []);

  async function load() {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const page = await crmApi.list(params);
      if (mine !== generation.current) return;
      setRows(page.contacts.map(rememberContact));
      setNext(page.nextCursor);
      setError(null);
    } catch (err) {
      if (mine === generation.current) setError(messageOf(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }
  useEffect(() => {
    const t = setTimeout(() => void load(), q ? 250 : 0);
    return () => clearTimeout(t);
  }, [key, contactsReloadTick.value]);

  async function more() {
    if (!next || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const page = await crmApi.list({ ...params, cursor: next });
      if (mine !== generation.current) return;
      setRows((old) => [...old, ...page.contacts.map(rememberContact)]);
      setNext(page.nextCursor);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setLoadingMore(false);
    }
  }

  async function saveSegment() {
    const name = prompt("Name this segment");
    if (!name?.trim()) return;
    try {
      const { segment } = await crmApi.saveSegment(name.trim(), sent);
      toast(`Segment "${segment.name}" saved.`, "success");
      await loadSegments();
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }

  const removed = removedContacts.value;
  const visible = rows.filter((r) => !removed.has(r.id));
  const allColumns = [...BUILT_IN, ...customFields.value.map(customColumn)];
  const columns = allColumns.filter((c) => chosenColumns.value.includes(c.key));
  const exportHref = `/api/contacts/export?${key}`;
  return (
    <Page
      title="Contacts"
      actions={
        <>
          <CrmTabs />
          <button type="button" class="btn btn-sm btn-primary" onClick={() => setCreating(true)}>
            <PlusIcon /> New contact
          </button>
          {admin && (
            <a class="btn btn-sm" href="/contacts/import">
              Import CSV
            </a>
          )}
          <a class="btn btn-sm" href={exportHref} download>
            <DownloadIcon /> Export CSV
          </a>
        </>
      }
    >
      <div class="crm-toolbar">
        <label class="crm-search">
          <SearchIcon />
          <span class="visually-hidden">Search contacts</span>
          <input
            class="input input-sm"
            type="search"
            placeholder="Name, phone, email or tag"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </label>
        <select class="select select-sm" aria-label="Segment" value={segmentId} onChange={(e) => setSegmentId(e.currentTarget.value)}>
          <option value="">All contacts</option>
          {segments.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.count ?? "…"})
            </option>
          ))}
        </select>
        <button type="button" class="btn btn-sm" aria-expanded={showFilters} onClick={() => setShowFilters(!showFilters)}>
          Filters{sent.rules.length ? ` (${sent.rules.length})` : ""}
        </button>
        <select class="select select-sm" aria-label="Sort by" value={sort} onChange={(e) => setSort(e.currentTarget.value as ContactSort)}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="btn btn-ghost btn-sm"
          onClick={() => setDir(dir === "desc" ? "asc" : "desc")}
          aria-label={dir === "desc" ? "Descending; switch to ascending" : "Ascending; switch to descending"}
        >
          {dir === "desc" ? "↓" : "↑"}
        </button>
        <Menu
          label="Columns"
          button="Columns"
          items={allColumns.map((c) => ({
            label: c.label,
            checked: chosenColumns.value.includes(c.key),
            onSelect: () => toggleColumn(c.key),
          }))}
        />
      </div>
      {creating && <NewContactDialog onClose={() => setCreating(false)} />}
      {showFilters && (
        <div class="crm-filter-box">
          <FilterBuilder filter={filter} onChange={setFilter} />
          <button type="button" class="btn btn-sm btn-primary" disabled={!sent.rules.length} onClick={() => void saveSegment()}>
            Save as segment
          </button>
        </div>
      )}
      {selected.size > 0 && (
        <BulkBar
          ids={[...selected]}
          segments={segments}
          admin={admin}
          onClear={() => setSelected(new Set())}
          onDone={() => {
            setSelected(new Set());
            void load();
            void loadSegments();
          }}
        />
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {loading && !rows.length ? (
        <LoadingRows rows={6} />
      ) : visible.length ? (
        <ContactTable
          rows={visible}
          columns={columns}
          selected={selected}
          loadingMore={loadingMore}
          onNearEnd={() => void more()}
          onSelect={(ids, on) => {
            const s = new Set(selected);
            for (const id of ids) on ? s.add(id) : s.delete(id);
            setSelected(s);
          }}
        />
      ) : (
        <p class="empty">No contacts match.</p>
      )}
    </Page>
  );
}
