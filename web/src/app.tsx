import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

type Health = { ok: boolean; organizations: number };
const health = signal<Health | "down" | null>(null);

async function poll() {
  try {
    const res = await fetch("/api/health");
    health.value = res.ok ? ((await res.json()) as Health) : "down";
  } catch {
    health.value = "down";
  }
}

/** The landing screen until sign-in and the live inbox arrive: is the server up, and how to try it. */
export function App() {
  useEffect(() => {
    void poll();
    const timer = setInterval(poll, 5000);
    return () => clearInterval(timer);
  }, []);
  const h = health.value;
  return (
    <main class="landing">
      <header>
        <span class="logo" aria-hidden="true">P</span>
        <h1>Parley</h1>
      </header>
      <p class="lede">The shared WhatsApp inbox and CRM for teams who sell and support on WhatsApp.</p>
      <p class="status" role="status">
        <span class={`dot ${h === null ? "wait" : h === "down" ? "down" : "up"}`} />
        {h === null ? "Checking the server…" : h === "down" ? "The server is not answering." : `Server up · ${h.organizations} organization${h.organizations === 1 ? "" : "s"}`}
      </p>
      <section>
        <h2>Try it</h2>
        <p>Send a customer message through the local WhatsApp simulator:</p>
        <pre>npm run simulate -- --from 351911111111 --name "Ana" --text "Olá!"</pre>
      </section>
    </main>
  );
}
