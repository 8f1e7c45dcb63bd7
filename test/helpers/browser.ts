import fs from "node:fs";
import path from "node:path";
import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { REPO_ROOT } from "./process";

/** Where browser tests write their screenshots (ignored by git). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, "test-results", "explorer");

// @sparticuz/chromium's flags are made for a serverless sandbox: two of them switch off the
// browser's same-origin checks, which would hide a CORS or CSP mistake, so they go. The flags
// added keep the browser off the network: no background or component updates, no safe-browsing,
// no sync or metrics, and no host name resolves except the loopback (CI runs it with loopback only).
const DROPPED_FLAGS = /^--(disable-web-security|allow-running-insecure-content|disable-features=)/;
const OFFLINE_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-default-apps",
  "--disable-sync",
  "--disable-client-side-phishing-detection",
  "--disable-breakpad",
  "--metrics-recording-only",
  "--no-first-run",
  "--no-service-autorun",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];
const DISABLED_FEATURES = [
  "AudioServiceOutOfProcess",
  "IsolateOrigins",
  "site-per-process",
  "Translate",
  "OptimizationHints",
  "MediaRouter",
  "DialMediaRouteProvider",
  "AutofillServerCommunication",
  "CertificateTransparencyComponentUpdater",
];

/** Chromium's command line: the package's flags without the unsafe ones, plus the offline flags. */
export function chromiumArgs(): string[] {
  return [...chromium.args.filter((a) => !DROPPED_FLAGS.test(a)), ...OFFLINE_FLAGS, `--disable-features=${DISABLED_FEATURES.join(",")}`];
}

/** Launches the Chromium that @sparticuz/chromium ships, headless. */
export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: await chromium.executablePath(), args: chromiumArgs(), headless: true });
}

/** A page that collects console errors, uncaught exceptions, failed requests and HTTP errors. */
export interface WatchedPage {
  page: Page;
  /** Everything that went wrong, one line each. */
  problems: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${(e as Error).message ?? String(e)}`));
  page.on("request", (r) => requests.push(r.url()));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { page, problems, requests };
}

/** Saves a full-page screenshot as `<name>.png` in {@link SCREENSHOT_DIR}; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  return file;
}
