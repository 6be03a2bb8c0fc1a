import { render } from "preact";
import { App } from "./app";
import { registerServiceWorker } from "./pwa/register-service-worker";
import { loadSession } from "./session/session";
import { applyTheme } from "./theme/theme";
import "./styles/index.css";

applyTheme();
void loadSession();
render(<App />, document.getElementById("app")!);
registerServiceWorker();
