// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core, the project's own web server, and a watch on every page
// for console errors and requests that leave the machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../../scripts/serve.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Starts the server and a browser with a fresh profile. Returns
 * { url, context, newPage(), close() }. Each page records console errors,
 * uncaught exceptions and non-loopback requests in page.problems.
 */
export async function launch({ viewport = { width: 1024, height: 768 }, backend = null } = {}) {
  // Without a backend, the server itself acknowledges responses and keeps
  // them in `received` for the test to inspect.
  const server = await startServer({ backend, sink: !backend });
  const profile = mkdtempSync(join(tmpdir(), 'heard-e2e-'));
  // Playwright refuses --user-data-dir in args; a persistent context takes it as a path.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport,
  });
  const watch = async (page) => {
    // Every heard:* event that reaches the document, in order, with its detail.
    await page.addInitScript(() => {
      window.__heardEvents = [];
      for (const type of ['ready', 'page', 'submitted', 'delivered', 'error']) {
        document.addEventListener(`heard:${type}`, (e) => {
          window.__heardEvents.push({ type: e.type, detail: e.detail, target: e.target.id || e.target.tagName });
        });
      }
    });
    page.problems = [];
    page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()} (${m.location().url})`); });
    page.on('pageerror', (e) => page.problems.push(`exception: ${e.message}`));
    page.on('request', (r) => {
      const host = new URL(r.url()).hostname;
      if (r.url().startsWith('http') && host !== '127.0.0.1' && host !== 'localhost') {
        page.problems.push(`third-party request: ${r.url()}`);
      }
    });
    return page;
  };
  for (const page of context.pages()) await watch(page);
  return {
    url: server.url,
    received: server.received,
    context,
    async newPage() {
      return watch(await context.newPage());
    },
    /**
     * A new page on the test host page (`/test/host.html<query>`), starting
     * with no drafts left by earlier tests. `init` runs in the page before
     * any of its scripts (to break a browser API, say). It does not wait for
     * the widgets: some tests expect `heard:error` instead of `heard:ready`.
     */
    async openHost(query, { viewport = null, init = null } = {}) {
      const page = await watch(await context.newPage());
      if (init) await page.addInitScript(init);
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(`${server.url}/test/host.html?survey=none`);
      await page.evaluate(() => localStorage.clear());
      await page.goto(`${server.url}/test/host.html${query}`);
      return page;
    },
    /** Waits until `count` events of `type` have reached the document. */
    async waitForEvent(page, type, count = 1, timeout = 15000) {
      await page.waitForFunction(([t, n]) => window.__heardEvents.filter((e) => e.type === t).length >= n,
        [type, count], { timeout });
      return page.evaluate((t) => window.__heardEvents.filter((e) => e.type === t), type);
    },
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
