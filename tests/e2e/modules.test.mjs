// End-to-end tests of the module split: the survey bundle shows a valid
// survey without ever fetching the checker module, and fetches it only to
// explain a definition it refused (README, "Code map").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CHECKER = /\/heard_checker(_bg\.wasm|\.js)$/;
const CALM = "This survey can't be shown right now";

/** Opens the test host page, recording the path of every request the page makes. */
async function openRecording(query, { blockChecker = false } = {}) {
  const page = await browser.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  if (blockChecker) await page.route(CHECKER, (route) => route.abort('connectionrefused'));
  await page.goto(`${browser.url}/test/host.html${query}`);
  return { page, requested };
}

test('a valid survey never fetches the checker module, with or without debug', async () => {
  for (const query of ['?survey=friends-and-family-test', '?survey=coordinated-care&debug=1']) {
    const { page, requested } = await openRecording(query);
    await browser.waitForEvent(page, 'heard:ready');
    // Answer a question and move on, so any later fetch would have happened.
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByRole('button', { name: /Continue|Check your answers/ }).first().waitFor();
    // The recorder works: the survey bundle itself was fetched.
    assert.ok(requested.some((p) => p.endsWith('/heard_core_bg.wasm')), requested.join('\n'));
    assert.deepEqual(requested.filter((p) => CHECKER.test(p)), [], `${query}: ${requested.join('\n')}`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});

test('a refused definition under debug fetches the checker module once and shows its words', async () => {
  const { page, requested } = await openRecording('?survey=/test/broken.json,/test/broken.json&debug=1');
  const errors = await browser.waitForEvent(page, 'heard:error', 2);
  for (const error of errors) {
    assert.equal(error.detail.kind, 'definition');
    assert.match(error.detail.message, /^The survey `broken` has 4 problems:/);
    assert.match(error.detail.message, /Did you mean `required`\?/);
  }
  const fetched = requested.filter((p) => CHECKER.test(p)).map((p) => p.split('/').pop()).sort();
  // Two refused widgets on one page share one fetch of the module.
  assert.deepEqual(fetched, ['heard_checker.js', 'heard_checker_bg.wasm']);
  for (const id of ['#survey-1', '#survey-2']) {
    await page.locator(id).getByText(CALM).waitFor();
    assert.match(await page.locator(`${id} pre`).innerText(), /\/pages\/0\/items\/0\/requird \[q1\]: `requird` is not a field/);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('without debug a refused definition shows only the calm message, and the host still gets the words', async () => {
  const { page, requested } = await openRecording('?survey=/test/broken.json');
  const [error] = await browser.waitForEvent(page, 'heard:error');
  assert.equal(error.detail.kind, 'definition');
  assert.match(error.detail.message, /Did you mean `required`\?/);
  assert.ok(requested.some((p) => CHECKER.test(p)));
  await page.locator('#survey-1').getByText(CALM).waitFor();
  assert.equal(await page.locator('#survey-1 pre').count(), 0);
  await page.close();
});

test('when the checker module cannot load, the error still names each problem by place and kind', async () => {
  const { page } = await openRecording('?survey=/test/broken.json&debug=1', { blockChecker: true });
  const [error] = await browser.waitForEvent(page, 'heard:error');
  assert.equal(error.detail.kind, 'definition');
  assert.match(error.detail.message, /^The survey `broken` has 4 problems:/);
  assert.match(error.detail.message, /\/pages\/0\/items\/0\/requird \[q1\]: UnknownField/);
  assert.match(error.detail.message, /could not be loaded/);
  await page.locator('#survey-1').getByText(CALM).waitFor();
  // The host page still works.
  await page.getByRole('button', { name: 'Host button' }).click();
  assert.equal(await page.getByRole('button', { name: 'Host button' }).getAttribute('data-clicks'), '1');
  // Only the blocked module's failed requests are reported.
  assert.deepEqual(page.problems.filter((p) => !p.includes('heard_checker')), []);
  await page.close();
});
