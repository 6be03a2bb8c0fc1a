import { render } from "preact";
import { App } from "./app";
import { isInboxPath, prefetchFirstPage } from "./inbox/first-page";
import { registerServiceWorker } from "./pwa/register-service-worker";
import { loadSession } from "./session/session";
import { preloadInboxPage } from "./signed-in-app";
import { applyTheme } from "./theme/theme";
import "./styles/index.css";

applyTheme();
void loadSession();
if (isInboxPath(location.pathname)) {
  // Where agents start. Its list and its code load while the session is checked, not one after the other.
  prefetchFirstPage();
  preloadInboxPage().catch(() => {});
}
render(<App />, document.getElementById("app")!);
registerServiceWorker();
