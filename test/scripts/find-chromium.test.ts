import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_FIX, ChromiumNotFound, findChromium } from "../../scripts/lib/find-chromium";

let work: string;
let systemDir: string;
let ownBinary: string;

/** A stand-in for @sparticuz/chromium's bin/: a packed "binary" (a shell script) and a packed lib/ tarball. */
function fakePack(dir: string): string {
  mkdirSync(join(dir, "src/lib"), { recursive: true });
  writeFileSync(join(dir, "src/lib/libnss3.so"), "not really a library");
  mkdirSync(join(dir, "bin"));
  writeFileSync(join(dir, "bin/chromium.br"), brotliCompressSync(Buffer.from("#!/bin/sh\necho 'Fake Chromium 1.0'\n")));
  const tar = execFileSync("tar", ["-c", "-C", join(dir, "src"), "lib"]);
  writeFileSync(join(dir, "bin/al2023.tar.br"), brotliCompressSync(tar));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ version: "1.0.0" }));
  return join(dir, "bin");
}

function executable(path: string, text = "#!/bin/sh\n"): string {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "parley-find-chromium-"));
  systemDir = join(work, "usr-bin");
  mkdirSync(systemDir);
  executable(join(systemDir, "chromium"));
  ownBinary = executable(join(work, "my-chrome"));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("findChromium", () => {
  it("honours CHROMIUM_PATH over a system chromium and the npm one", () => {
    const choice = findChromium({ env: { CHROMIUM_PATH: ownBinary, PATH: systemDir }, npmPackDir: fakePack(join(work, "p1")) });
    expect(choice).toEqual({ executablePath: ownBinary, source: "CHROMIUM_PATH", env: {} });
  });

  it("fails, naming the variable, when CHROMIUM_PATH points nowhere (no silent fallback)", () => {
    const find = () => findChromium({ env: { CHROMIUM_PATH: join(work, "nowhere"), PATH: systemDir }, npmPackDir: null });
    expect(find).toThrow(ChromiumNotFound);
    expect(find).toThrow(`CHROMIUM_PATH=${join(work, "nowhere")} is not an executable file`);
  });

  it("takes the system chromium on PATH before the npm-shipped one", () => {
    const choice = findChromium({ env: { PATH: `${join(work, "empty")}:${systemDir}` }, npmPackDir: fakePack(join(work, "p2")) });
    expect(choice.executablePath).toBe(join(systemDir, "chromium"));
    expect(choice.source).toBe("system");
  });

  it("unpacks the npm-shipped binary when there is no other, with its own libraries only if the system lacks NSS", () => {
    const packDir = fakePack(join(work, "p3"));
    const cacheDir = join(work, "cache/1.0.0");
    const withNss = findChromium({ env: { PATH: "" }, npmPackDir: packDir, cacheDir, systemHasNss: () => true });
    expect(withNss).toEqual({ executablePath: join(cacheDir, "chromium"), source: "npm", env: {} });
    expect(execFileSync(withNss.executablePath, { encoding: "utf8" })).toBe("Fake Chromium 1.0\n");

    const withoutNss = findChromium({
      env: { PATH: "", LD_LIBRARY_PATH: "/opt/x" },
      npmPackDir: packDir,
      cacheDir,
      systemHasNss: () => false,
    });
    expect(withoutNss.env).toEqual({ LD_LIBRARY_PATH: `${join(cacheDir, "lib")}:/opt/x` });
    expect(existsSync(join(cacheDir, "lib/libnss3.so"))).toBe(true);
    expect(existsSync(`${cacheDir}.tmp-${process.pid}`)).toBe(false);
  });

  it("fails with the command that fixes it when no browser can be had", () => {
    const find = () => findChromium({ env: { PATH: systemDir.replace("usr-bin", "empty") }, npmPackDir: null });
    expect(find).toThrow(ChromiumNotFound);
    expect(find).toThrow(`Fix: ${CHROMIUM_FIX}`);
    expect(CHROMIUM_FIX).toContain("npm install");
    expect(CHROMIUM_FIX).toContain("apt-get install -y chromium");
  });

  it("finds the real npm package's binary, and it runs on this machine", () => {
    const choice = findChromium({ env: { PATH: "" } });
    expect(choice.source).toBe("npm");
    const version = execFileSync(choice.executablePath, ["--version"], { encoding: "utf8", env: { ...process.env, ...choice.env } });
    expect(version).toMatch(/^Chromium \d+\./);
  }, 60_000);
});
