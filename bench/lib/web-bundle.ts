/**
 * The inbox's bundle as agents download it: `vite build web`, then each JavaScript file's gzip size
 * (zlib's default level, as a server compressing on the fly would). Source maps are not shipped to
 * browsers and are left out.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { run } from "../../scripts/lib/run";

export const WEB_DIST = "web/dist";

export interface BundleSizes {
  /** Path under web/dist → gzip bytes, for every .js file. */
  jsGzip: Record<string, number>;
  totalJsGzipKiB: number;
  totalJsRawKiB: number;
  /** What index.html loads before anything else: its module script and the modulepreloads. */
  initialJsGzipKiB: number;
  cssGzipKiB: number;
  buildSeconds: number;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function buildAndMeasure(): Promise<BundleSizes> {
  const started = performance.now();
  await run("vite", ["build", "web"], { quiet: true });
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  const jsGzip: Record<string, number> = {};
  let raw = 0;
  let css = 0;
  for (const file of files(WEB_DIST)) {
    const path = `/${relative(WEB_DIST, file)}`;
    if (file.endsWith(".js")) {
      const bytes = readFileSync(file);
      raw += bytes.length;
      jsGzip[path] = gzipSync(bytes).length;
    } else if (file.endsWith(".css")) {
      css += gzipSync(readFileSync(file)).length;
    }
  }
  const html = readFileSync(join(WEB_DIST, "index.html"), "utf8");
  const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  return {
    jsGzip,
    totalJsGzipKiB: kib(Object.values(jsGzip).reduce((a, b) => a + b, 0)),
    totalJsRawKiB: kib(raw),
    initialJsGzipKiB: kib(initial.reduce((a, p) => a + (jsGzip[p] ?? 0), 0)),
    cssGzipKiB: kib(css),
    buildSeconds,
  };
}
