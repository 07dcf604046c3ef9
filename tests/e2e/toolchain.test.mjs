// The end-to-end toolchain: the built dist/ served next to a host page loads
// in headless Chromium with no console errors and no third-party requests,
// and the demo (./run demo: the demo page, its server and the collector)
// takes a response from the page to the collector's database.
//
// The demo test needs `cargo build -p heard-collector`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './support/browser.mjs';
import { startCollector } from './support/collector.mjs';

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

test('the demo: a response from the demo page arrives at the collector, whose exports the page server never republishes', async () => {
  const collector = await startCollector();
  const demo = await launch({ backend: collector.url });
  try {
    const page = await demo.newPage();
    await page.goto(`${demo.url}/`);
    await demo.waitForEvent(page, 'heard:ready', 4);
    const fft = page.locator('#fft');
    await fft.getByRole('button', { name: 'Start now' }).click();
    await fft.getByRole('radio', { name: 'Very good', exact: true }).check();
    await fft.getByRole('button', { name: 'Check your answers' }).click();
    await fft.getByRole('button', { name: 'Submit' }).click();
    const [submitted] = await demo.waitForEvent(page, 'heard:submitted');
    const [delivered] = await demo.waitForEvent(page, 'heard:delivered');
    assert.equal(delivered.detail, submitted.detail);
    // The demo page's event log shows it too.
    await page.locator('#event-log li').filter({ hasText: `fft: heard:delivered "${submitted.detail}"` }).waitFor();

    const rows = await collector.rows();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id, submitted.detail);
    assert.deepEqual(rows[0].context, { site: 'riverside-demo', campaign: 'fft' });
    assert.deepEqual(rows[0].answers, [{ item: 'fft', code: 'very_good' }]);

    // Only POST /api/responses goes through; the exports are read from the
    // collector itself (README: curl http://127.0.0.1:8787/responses.csv).
    for (const path of ['/api/responses.csv', '/api/responses.ndjson', '/api/health']) {
      const answer = await fetch(`${demo.url}${path}`);
      assert.equal(answer.status, 404, path);
      assert.ok(!(await answer.text()).includes(submitted.detail), path);
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    await demo.close();
    await collector.stop();
  }
});

test('the release build in dist/ carries no test hooks; the test build in dist-test/ does', async () => {
  // Regression (issue 8, defect 5): releases exported trigger_panic_for_tests.
  const { readFileSync } = await import('node:fs');
  const glue = (dir) => readFileSync(new URL(`../../${dir}/heard_core.js`, import.meta.url), 'utf8');
  assert.ok(!glue('dist').includes('trigger_panic_for_tests'), 'dist/heard_core.js exports a test hook');
  assert.ok(glue('dist-test').includes('trigger_panic_for_tests'), 'dist-test/ (./run test builds it) lacks the hook');
});
