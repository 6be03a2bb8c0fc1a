/**
 * A menu button: opens a list of actions under it; arrow keys move between them, Escape or a click
 * elsewhere closes it and focus returns to the button (the WAI-ARIA menu button pattern).
 */
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";

export interface MenuItem {
  label: ComponentChildren;
  onSelect: () => void;
  icon?: ComponentChildren;
  /** Marks the current choice (menuitemradio). */
  checked?: boolean;
  disabled?: boolean;
  /** Draws a line above this item. */
  separated?: boolean;
}

interface MenuProps {
  /** The button's content; `label` names it for screen readers when it is an icon. */
  button: ComponentChildren;
  label: string;
  items: MenuItem[];
  buttonClass?: string;
  align?: "start" | "end";
  title?: string;
}

export function Menu({ button, label, items, buttonClass = "btn btn-sm", align = "start", title }: MenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const id = useId();

  const itemEls = () => [...(root.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]:not(:disabled)') ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const checked = root.current?.querySelector<HTMLButtonElement>('[aria-checked="true"]:not(:disabled)');
    (checked ?? itemEls()[0])?.focus();
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  function onKeyDown(e: KeyboardEvent) {
    if (!open) return;
    const els = itemEls();
    const i = els.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      e.preventDefault();
      els[(to + els.length) % els.length]?.focus();
    };
    if (e.key === "ArrowDown") move(i + 1);
    else if (e.key === "ArrowUp") move(i - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(els.length - 1);
    else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === "Tab") close(false);
  }

  return (
    <div class="menu-root" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={trigger}
        type="button"
        class={buttonClass}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        title={title ?? label}
        onClick={() => setOpen((o) => !o)}
      >
        {button}
      </button>
      {open && (
        <div id={id} class={`menu menu-${align}`} role="menu" aria-label={label}>
          {items.map((item, i) => (
            <button
              key={i}
              type="button"
              class={`menu-item ${item.separated ? "menu-separated" : ""}`}
              role={item.checked === undefined ? "menuitem" : "menuitemradio"}
              aria-checked={item.checked === undefined ? undefined : item.checked}
              disabled={item.disabled}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
            >
              {item.icon}
              <span class="menu-label">{item.label}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
