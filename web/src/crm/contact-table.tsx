/**
 * The contacts list as a windowed table: only the rows in view (plus a margin) are in the DOM, so a list
 * scrolled through thousands of contacts stays as light as one page; nearing the end asks for the next page.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ContactView } from "../api/crm";
import { now } from "../format/time";
import { ContactAvatar } from "../inbox/contact-avatar";
import { contactOf } from "./contact-live";
import { type Column, displayName } from "./columns";

const ROW = 52;
const OVERSCAN = 8;

interface Props {
  rows: ContactView[];
  columns: Column[];
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
  onNearEnd: () => void;
  loadingMore: boolean;
}

export function ContactTable({ rows, columns, selected, onSelect, onNearEnd, loadingMore }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + height) / ROW) + OVERSCAN);
  useEffect(() => {
    if (last >= rows.length - OVERSCAN) onNearEnd();
  }, [last, rows.length]);
  const template = `36px minmax(180px, 1.4fr) ${columns.map((c) => c.width).join(" ")}`;
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <div class="crm-table" role="table" aria-label="Contacts" aria-rowcount={rows.length}>
      <div class="crm-row crm-row-head" role="row" style={{ gridTemplateColumns: template }}>
        <span role="columnheader">
          <input
            type="checkbox"
            aria-label="Select all loaded contacts"
            checked={allOn}
            onChange={() =>
              onSelect(
                rows.map((r) => r.id),
                !allOn,
              )
            }
          />
        </span>
        <span role="columnheader">Name</span>
        {columns.map((c) => (
          <span key={c.key} role="columnheader">
            {c.label}
          </span>
        ))}
      </div>
      <div class="crm-scroll" ref={scroller} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
        <div style={{ height: `${rows.length * ROW}px`, position: "relative" }}>
          {rows.slice(first, last).map((row, i) => {
            const c = contactOf(row.id) ?? row;
            const name = displayName(c);
            return (
              <div
                key={c.id}
                class="crm-row"
                role="row"
                aria-rowindex={first + i + 1}
                style={{ gridTemplateColumns: template, top: `${(first + i) * ROW}px` }}
              >
                <span role="cell">
                  <input
                    type="checkbox"
                    aria-label={`Select ${name}`}
                    checked={selected.has(c.id)}
                    onChange={(e) => onSelect([c.id], e.currentTarget.checked)}
                  />
                </span>
                <span role="cell">
                  <a class="crm-name" href={`/contacts/${encodeURIComponent(c.id)}`}>
                    <ContactAvatar name={name} id={c.id} />
                    <span>{name}</span>
                  </a>
                </span>
                {columns.map((col) => (
                  <span key={col.key} role="cell" class="crm-cell">
                    {col.render(c, now.value)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
        {loadingMore && <p class="crm-more">Loading more…</p>}
      </div>
    </div>
  );
}
