/**
 * Touch gestures on a message, as WhatsApp has them: press and hold opens the message's actions (react,
 * reply); swiping it to the right replies. Mouse and pen keep the hover actions, so only touch pointers
 * count. The row has `touch-action: pan-y` (inbox.css): vertical drags still scroll the conversation,
 * horizontal ones reach us instead of being taken by the browser as a cancelled pointer.
 */
import { useRef, useState } from "preact/hooks";

/** Long enough not to fire on a tap or the start of a scroll; what Android uses for a long press. */
const HOLD_MS = 450;
/** A finger moving less than this is still "holding still". */
const SLOP_PX = 10;
/** How far a swipe must travel to reply; the bubble follows the finger up to MAX_PULL_PX. */
export const SWIPE_REPLY_PX = 56;
const MAX_PULL_PX = 80;

interface GestureOptions {
  enabled: boolean;
  onHold: () => void;
  onSwipe: () => void;
}

export function useMessageGestures({ enabled, onHold, onSwipe }: GestureOptions) {
  const [pull, setPull] = useState(0);
  const start = useRef<{ id: number; x: number; y: number; timer: ReturnType<typeof setTimeout> } | null>(null);
  const held = useRef(false);

  function end() {
    if (start.current) clearTimeout(start.current.timer);
    start.current = null;
    setPull(0);
  }

  if (!enabled) return { pull: 0, handlers: {} };
  return {
    pull,
    handlers: {
      onPointerDown(e: PointerEvent) {
        if (e.pointerType !== "touch" || !e.isPrimary) return;
        held.current = false;
        const timer = setTimeout(() => {
          held.current = true;
          start.current = null;
          navigator.vibrate?.(10);
          onHold();
        }, HOLD_MS);
        start.current = { id: e.pointerId, x: e.clientX, y: e.clientY, timer };
      },
      onPointerMove(e: PointerEvent) {
        const s = start.current;
        if (!s || e.pointerId !== s.id) return;
        const dx = e.clientX - s.x;
        const dy = e.clientY - s.y;
        if (Math.abs(dx) < SLOP_PX && Math.abs(dy) < SLOP_PX) return;
        // Moving: not a hold any more. Mostly vertical is the conversation scrolling; leave it alone.
        clearTimeout(s.timer);
        if (Math.abs(dy) > Math.abs(dx)) return end();
        setPull(Math.max(0, Math.min(dx, MAX_PULL_PX)));
      },
      onPointerUp(e: PointerEvent) {
        const s = start.current;
        if (!s || e.pointerId !== s.id) return;
        if (e.clientX - s.x >= SWIPE_REPLY_PX && Math.abs(e.clientY - s.y) < SWIPE_REPLY_PX) onSwipe();
        end();
      },
      onPointerCancel: end,
      // Lifting the finger after a hold would also "click" where it lifts: on the sheet's backdrop, closing it.
      onTouchEnd(e: TouchEvent) {
        if (held.current) e.preventDefault();
      },
      // The hold already opened our actions; the browser's own menu (copy, select) would cover them.
      onContextMenu(e: MouseEvent) {
        if (held.current || start.current) e.preventDefault();
      },
    },
  };
}
