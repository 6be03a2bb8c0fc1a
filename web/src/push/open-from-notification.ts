/** A clicked notification (web/public/sw.js) moves an open tab to its conversation without a reload. */
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";

export function useOpenFromNotification(): void {
  const { route } = useLocation();
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: string; url?: string } | null;
      if (data?.type === "open-conversation" && typeof data.url === "string" && data.url.startsWith("/inbox/")) route(data.url);
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    return () => navigator.serviceWorker.removeEventListener("message", onMessage);
  }, [route]);
}
