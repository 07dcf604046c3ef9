// The end-to-end toolchain: the built dist/ served next to a host page loads
// in headless Chromium with no console errors and no third-party requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the demo host page loads the widget with no console errors', async () => {
  const page = await browser.newPage();
  await page.goto(`${browser.url}/`);
  await browser.waitForEvent(page, 'heard:ready');
  assert.deepEqual(page.problems, []);
  await page.close();
});
