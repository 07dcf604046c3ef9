// Drafts and delivery as a person meets them: answers kept across reloads,
// responses posted once with an Idempotency-Key, kept on the device while
// offline and sent when the device is back online. The backend here is the
// test server's own sink, which records every request it gets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fresh(survey) {
  const page = await browser.openHost(`?survey=${survey}`);
  await browser.waitForEvent(page, 'heard:ready');
  return page;
}

const sent = (id) => browser.received.filter((r) => r.id === id);

test('a submitted response is posted once, with its Idempotency-Key, and the person is told it was sent', async () => {
  const page = await fresh('what-matters-to-you');
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('textbox', { name: 'What matters to you at the moment?' }).fill('Walking my dog');
  await host.getByRole('button', { name: 'Continue' }).click();
  // Yes shows a follow-up; answering it and then choosing No hides it again.
  await host.getByRole('radio', { name: 'Yes' }).check();
  await host.getByRole('radio', { name: 'Morning' }).check();
  await host.getByRole('radio', { name: 'No', exact: true }).check();
  await host.getByRole('button', { name: 'Check your answers' }).click();
  await host.getByRole('button', { name: 'Submit' }).click();
  const [submitted] = await browser.waitForEvent(page, 'heard:submitted');
  const [delivered] = await browser.waitForEvent(page, 'heard:delivered');
  assert.equal(delivered.detail, submitted.detail);
  await host.getByRole('status').filter({ hasText: 'Sent. Thank you.' }).waitFor();

  const requests = sent(submitted.detail);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].headers['idempotency-key'], submitted.detail);
  assert.equal(requests[0].headers['content-type'], 'application/json');
  assert.equal(requests[0].headers.cookie, undefined);
  const response = JSON.parse(requests[0].body);
  assert.equal(response.format, 'heard-response/1');
  assert.deepEqual(response.survey, { id: 'what-matters-to-you', version: '1.0.0' });
  assert.deepEqual(response.context, { site: 'test' });
  assert.deepEqual(response.answers, [
    { item: 'what_matters', text: 'Walking my dog' },
    { item: 'want_call', boolean: false },
  ], 'the hidden follow-up is never sent');
  assert.deepEqual(await host.evaluate((el) => el.outbox()), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a double click on Submit makes one response, submitted and posted once', async () => {
  const page = await fresh('friends-and-family-test');
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('radio', { name: 'Good', exact: true }).check();
  await host.getByRole('button', { name: 'Check your answers' }).click();
  // Thanks come only once the response is stored, so the button is still
  // there for the second click of a double click.
  await host.getByRole('button', { name: 'Submit' }).dblclick();
  const [submitted] = await browser.waitForEvent(page, 'heard:submitted');
  await browser.waitForEvent(page, 'heard:delivered');
  await host.getByRole('heading', { name: 'Thank you' }).waitFor();
  const events = await page.evaluate(() => window.__heardEvents.filter((e) => e.type === 'heard:submitted'));
  assert.equal(events.length, 1, 'heard:submitted fired once');
  assert.equal(sent(submitted.detail).length, 1, 'posted once');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('answers are kept as a draft across a reload, and the person chooses to continue or start again', async () => {
  const page = await fresh('coordinated-care');
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('radio', { name: 'Agree', exact: true }).check();
  await host.getByRole('radio', { name: '6', exact: true }).check();
  await host.getByRole('button', { name: 'Continue' }).click();
  await host.getByRole('radio', { name: 'Yes' }).check();
  await page.waitForTimeout(100);

  await page.reload();
  await browser.waitForEvent(page, 'heard:ready');
  const today = await page.evaluate(() => new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
  await host.getByText(`You started this survey on ${today}. Continue or start again?`).waitFor();
  await host.getByRole('button', { name: 'Continue' }).click();
  // Back on the page they left, with their answer there.
  await host.getByRole('heading', { name: 'Planning your care' }).waitFor();
  assert.equal(await host.getByRole('radio', { name: 'Yes' }).isChecked(), true);
  await host.getByRole('link', { name: 'Back' }).click();
  assert.equal(await host.getByRole('radio', { name: '6', exact: true }).isChecked(), true);

  await page.reload();
  await browser.waitForEvent(page, 'heard:ready');
  await host.getByRole('button', { name: 'Start again' }).click();
  await host.getByRole('button', { name: 'Start now' }).click();
  assert.equal(await host.getByRole('radio', { name: '6', exact: true }).isChecked(), false);
  await page.close();
});

test('"Clear my answers from this device" forgets them here and in storage', async () => {
  const page = await fresh('friends-and-family-test');
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('radio', { name: 'Poor', exact: true }).check();
  await page.waitForTimeout(100);
  assert.ok(await page.evaluate(() => localStorage.getItem('heard:draft:friends-and-family-test')));
  await host.getByRole('button', { name: 'Clear my answers from this device' }).click();
  await host.getByRole('button', { name: 'Start now' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('heard:draft:friends-and-family-test')), null);
  await host.getByRole('button', { name: 'Start now' }).click();
  assert.equal(await host.getByRole('radio', { name: 'Poor', exact: true }).isChecked(), false);
  await page.close();
});

test('a draft for another version of the survey is not applied: the person is told and starts afresh', async () => {
  const page = await browser.newPage();
  await page.goto(`${browser.url}/test/host.html?survey=none`);
  await page.evaluate(() => localStorage.setItem('heard:draft:friends-and-family-test', JSON.stringify({
    survey_id: 'friends-and-family-test', survey_version: '0.9.0',
    response_id: '5a5a5a5a-5a5a-4a5a-9a5a-5a5a5a5a5a5a', started_at: '2026-11-01T09:00:00.000Z',
    saved_at: '2026-11-01T09:01:00.000Z', answers: { fft: { choice: { code: 'poor' } } }, page: 0,
  })));
  await page.goto(`${browser.url}/test/host.html?survey=friends-and-family-test`);
  const host = page.locator('heard-survey');
  await host.getByText("This survey has changed since you started it, so your earlier answers can't be used. Please start again.").waitFor();
  await host.getByRole('button', { name: 'Start now' }).click();
  assert.equal(await host.getByRole('radio', { name: 'Poor', exact: true }).isChecked(), false);
  await page.close();
});

test('a response submitted offline waits on the device, visibly, and is sent once when back online', async () => {
  const page = await fresh('friends-and-family-test');
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('radio', { name: 'Very good' }).check();
  await browser.context.setOffline(true);
  await host.getByRole('button', { name: 'Check your answers' }).click();
  await host.getByRole('button', { name: 'Submit' }).click();
  const [submitted] = await browser.waitForEvent(page, 'heard:submitted');
  await host.getByRole('status').filter({
    hasText: "Saved on this device. It will be sent automatically when you're back online.",
  }).waitFor();
  const waiting = await host.evaluate((el) => el.outbox());
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0].id, submitted.detail);
  // While the browser says it is offline nothing is attempted: the record
  // simply waits for the `online` event.
  assert.equal(waiting[0].state, 'waiting');
  assert.equal(waiting[0].attempts, 0);
  assert.equal(waiting[0].lastError, null);
  assert.equal(sent(submitted.detail).length, 0);

  await browser.context.setOffline(false);
  const [delivered] = await browser.waitForEvent(page, 'heard:delivered');
  assert.equal(delivered.detail, submitted.detail);
  await host.getByRole('status').filter({ hasText: 'Sent. Thank you.' }).waitFor();
  assert.equal(sent(submitted.detail).length, 1);
  assert.deepEqual(await host.evaluate((el) => el.outbox()), []);
  // Only a request refused for being offline may be logged; nothing else may go wrong.
  assert.deepEqual(page.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  await page.close();
});

test("mount()'s headers go with every request and are never stored on the device", async () => {
  const page = await browser.newPage();
  await page.goto(`${browser.url}/test/host.html?survey=none`);
  const result = await page.evaluate(async () => {
    localStorage.clear();
    const { mount } = await import('/heard/heard.js');
    const slot = document.createElement('div');
    document.querySelector('main').append(slot);
    const survey = await (await fetch('/surveys/friends-and-family-test.json')).json();
    const handle = await mount(slot, { survey, endpoint: '/api/responses', headers: { Authorization: 'Bearer s3cret-token' } });
    const root = slot.firstElementChild.shadowRoot;
    const click = (text) => [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text).click();
    const tick = () => new Promise((r) => setTimeout(r, 50));
    click('Start now'); await tick();
    root.querySelector('input[value="good"]').click(); await tick();
    click('Check your answers'); await tick();
    const delivered = new Promise((r) => slot.addEventListener('heard:delivered', (e) => r(e.detail), { once: true }));
    click('Submit');
    const id = await delivered;
    // Everything the widget keeps on this device: drafts and the outbox.
    const stored = JSON.stringify(Object.entries(localStorage));
    const dbs = await indexedDB.databases();
    let records = '';
    for (const { name } of dbs) {
      const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = fail; });
      if (db.objectStoreNames.contains('records')) {
        records += JSON.stringify(await new Promise((ok) => { const r = db.transaction('records').objectStore('records').getAll(); r.onsuccess = () => ok(r.result); }));
      }
      db.close();
    }
    return { id, outbox: await handle.outbox(), stored, records };
  });
  const request = sent(result.id);
  assert.equal(request.length, 1);
  assert.equal(request[0].headers.authorization, 'Bearer s3cret-token');
  assert.deepEqual(result.outbox, [], "handle.outbox() is empty once delivered");
  assert.ok(!result.stored.includes('s3cret') && !result.records.includes('s3cret'), 'credentials are never stored');
  await page.close();
});

test('without usable storage the widget says so, keeps responses in memory and still delivers them', async () => {
  // As in some private modes: IndexedDB refuses to open.
  const page = await browser.openHost('?survey=friends-and-family-test', { init: () => {
    IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'UnknownError'); };
  } });
  const host = page.locator('heard-survey');
  const [error] = await browser.waitForEvent(page, 'heard:error');
  assert.equal(error.detail.kind, 'storage');
  await host.getByRole('status').filter({ hasText: "Your answers can't be saved on this device; please submit while online" }).waitFor();
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('radio', { name: 'Very poor' }).check();
  await host.getByRole('button', { name: 'Check your answers' }).click();
  await host.getByRole('button', { name: 'Submit' }).click();
  const [delivered] = await browser.waitForEvent(page, 'heard:delivered');
  assert.equal(sent(delivered.detail).length, 1);
  await host.getByRole('status').filter({ hasText: 'Sent. Thank you.' }).waitFor();
  await page.close();
});

test('a full quota while saving falls back to memory, announced, and loses nothing', async () => {
  // IndexedDB opens, but every write fails as it does when the quota is exceeded.
  const page = await browser.openHost('?survey=friends-and-family-test', { init: () => {
    IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  } });
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('radio', { name: 'Neither good nor poor' }).check();
  await host.getByRole('button', { name: 'Check your answers' }).click();
  await host.getByRole('button', { name: 'Submit' }).click();
  const errors = await browser.waitForEvent(page, 'heard:error');
  assert.equal(errors[0].detail.kind, 'storage');
  assert.match(errors[0].detail.message, /quota/i);
  await host.getByRole('status').filter({ hasText: "Your answers can't be saved on this device; please submit while online" }).waitFor();
  const [delivered] = await browser.waitForEvent(page, 'heard:delivered');
  assert.equal(sent(delivered.detail).length, 1);
  await page.close();
});
