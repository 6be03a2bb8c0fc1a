/**
 * Which Chromium the browser tests (and screenshot scripts) launch, so `npm install && npm test` works on
 * a fresh machine with nothing installed by hand. In order:
 *   1. CHROMIUM_PATH, when set (an explicit choice: if it is wrong that is an error, never a fallback);
 *   2. a system Chromium on PATH (Debian's `chromium`), the browser users actually run;
 *   3. the binary shipped inside the npm devDependency @sparticuz/chromium (chrome-headless-shell,
 *      brotli-packed), unpacked once into node_modules/.cache. It needs NSS, NSPR and expat; the package
 *      carries those too, and they are put on LD_LIBRARY_PATH only when the system has none.
 * With none of them this throws a message that names the command that fixes it: tests fail, never skip.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { brotliDecompressSync } from "node:zlib";

export type ChromiumSource = "CHROMIUM_PATH" | "system" | "npm";

export interface ChromiumChoice {
  executablePath: string;
  source: ChromiumSource;
  /** Extra environment for the browser process (the npm binary's own libraries, when the system lacks them). */
  env: Record<string, string>;
}

export interface FindChromiumOptions {
  env?: NodeJS.ProcessEnv;
  /** Where @sparticuz/chromium's packed files are; null when the package is not installed. */
  npmPackDir?: string | null;
  /** Where the npm binary is unpacked to. */
  cacheDir?: string;
  /** Whether the system's dynamic linker finds libnss3 (the npm binary's only notable dependency). */
  systemHasNss?: () => boolean;
}

export const CHROMIUM_FIX = "npm install   (installs the devDependency @sparticuz/chromium)   or   apt-get install -y chromium";

/** The program names Debian and other distributions give their Chromium. */
const SYSTEM_NAMES = ["chromium", "chromium-browser"];

const ROOT = resolve(import.meta.dirname, "../..");

export class ChromiumNotFound extends Error {
  override name = "ChromiumNotFound";
}

export function findChromium(options: FindChromiumOptions = {}): ChromiumChoice {
  const env = options.env ?? process.env;
  const override = env.CHROMIUM_PATH;
  if (override !== undefined && override !== "") {
    if (isExecutableFile(override)) return { executablePath: override, source: "CHROMIUM_PATH", env: {} };
    throw new ChromiumNotFound(
      `CHROMIUM_PATH=${override} is not an executable file. Point it at a Chromium binary, or unset it and the tests ` +
        `use chromium on PATH or the one the npm package ships (fix: unset CHROMIUM_PATH; npm install).`,
    );
  }
  const system = onPath(SYSTEM_NAMES, env.PATH ?? "");
  if (system !== undefined) return { executablePath: system, source: "system", env: {} };

  const packDir = options.npmPackDir === undefined ? npmPackDir() : options.npmPackDir;
  if (packDir === null || !existsSync(join(packDir, "chromium.br"))) {
    throw new ChromiumNotFound(
      "No Chromium for the browser tests: CHROMIUM_PATH is unset, there is no chromium on PATH, and the npm package " +
        `@sparticuz/chromium is not installed. Fix: ${CHROMIUM_FIX}`,
    );
  }
  const cacheDir = options.cacheDir ?? join(ROOT, "node_modules/.cache/parley-chromium", packVersion(packDir));
  const unpacked = unpack(packDir, cacheDir);
  const hasNss = options.systemHasNss ?? systemHasNss;
  const libraryPath = [join(unpacked, "lib"), env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return { executablePath: join(unpacked, "chromium"), source: "npm", env: hasNss() ? {} : { LD_LIBRARY_PATH: libraryPath } };
}

/** Flags every launch uses; without the background-networking ones Chromium keeps dialling Google on a closed network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(names: string[], path: string): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function npmPackDir(): string | null {
  try {
    // The package exports only its entry (build/index.js); its packed files sit beside it in ../bin.
    const entry = createRequire(join(ROOT, "package.json")).resolve("@sparticuz/chromium");
    return join(dirname(entry), "../bin");
  } catch {
    return null;
  }
}

function packVersion(packDir: string): string {
  const pkg = JSON.parse(readFileSync(join(packDir, "../package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * Unpacks into a temporary folder first and renames it into place, so an interrupted or concurrent
 * unpack never leaves a half-written binary where the next run would trust it.
 */
function unpack(packDir: string, cacheDir: string): string {
  if (isExecutableFile(join(cacheDir, "chromium"))) return cacheDir;
  const staging = `${cacheDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, "chromium"), brotliDecompressSync(readFileSync(join(packDir, "chromium.br"))), { mode: 0o755 });
  // al2023.tar.br holds lib/ (NSS, NSPR, expat) built for Amazon Linux; they run on Debian too.
  execFileSync("tar", ["-x", "-C", staging], { input: brotliDecompressSync(readFileSync(join(packDir, "al2023.tar.br"))) });
  try {
    renameSync(staging, cacheDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!isExecutableFile(join(cacheDir, "chromium"))) throw error;
  }
  return cacheDir;
}

function systemHasNss(): boolean {
  try {
    return execFileSync("ldconfig", ["-p"], { encoding: "utf8" }).includes("libnss3.so");
  } catch {
    return ["/lib/x86_64-linux-gnu/libnss3.so", "/usr/lib/x86_64-linux-gnu/libnss3.so", "/usr/lib64/libnss3.so"].some(existsSync);
  }
}
