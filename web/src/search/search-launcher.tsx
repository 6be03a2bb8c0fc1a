/**
 * "/" from anywhere (while not typing) opens message search; so does the sidebar's Search button. The
 * dialog's code loads the first time it opens, so the inbox's first paint does not carry it.
 */
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { lazy } from "preact-iso";

const SearchDialog = lazy(() => import("./search-dialog"));
export const searchOpen = signal(false);

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && !!t.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])");

export function SearchLauncher() {
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== "/" || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (document.querySelector("dialog[open]")) return;
      e.preventDefault();
      searchOpen.value = true;
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  return searchOpen.value ? <SearchDialog onClose={() => (searchOpen.value = false)} /> : null;
}
