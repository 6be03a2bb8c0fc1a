/**
 * Windowing for a list of equal-height rows: only the rows in view (and a few either side) are in the
 * DOM, so ten thousand conversations scroll like fifty. With a fixed height the window is arithmetic;
 * geometry goes through CSS custom properties (CSSOM, which the CSP's style-src allows).
 */
import { useLayoutEffect, useRef, useState } from "preact/hooks";

export function useFixedWindow(count: number, rowHeight: number, overscan = 8) {
  const scroller = useRef<HTMLDivElement>(null);
  const sizer = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ start: 0, end: 0 });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => {
      const start = Math.max(0, Math.floor(el.scrollTop / rowHeight) - overscan);
      const end = Math.min(count, Math.ceil((el.scrollTop + el.clientHeight) / rowHeight) + overscan);
      setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    };
    update();
    el.addEventListener("scroll", update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener("scroll", update);
      resize.disconnect();
    };
  }, [count, rowHeight, overscan]);

  // Every render: the sizer comes and goes with the list's loading and empty states.
  useLayoutEffect(() => {
    sizer.current?.style.setProperty("--window-height", `${count * rowHeight}px`);
    sizer.current?.style.setProperty("--window-offset", `${range.start * rowHeight}px`);
  });

  /** Scrolls just enough to show row `index` (keyboard navigation). */
  function scrollToIndex(index: number) {
    const el = scroller.current;
    if (!el) return;
    const top = index * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }

  return { scroller, sizer, start: range.start, end: Math.min(range.end, count), scrollToIndex };
}
