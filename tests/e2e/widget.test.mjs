// End-to-end tests of the widget as a person meets it: the built dist/
// embedded in host pages, driven in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './support/browser.mjs';
import { Keyboard, axeDuplicateIds, axeViolations, scrollsSideways } from './support/survey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(query = '', { width = 1024, height = 768 } = {}) {
  const page = await browser.openHost(query, { viewport: { width, height } });
  await browser.waitForEvent(page, 'heard:ready');
  return page;
}

async function expectThankYou(page) {
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  const submitted = await browser.waitForEvent(page, 'heard:submitted');
  assert.equal(submitted.length, 1);
  assert.match(submitted[0].detail, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return submitted[0].detail;
}

// Each example survey, completed with the keyboard only.
const JOURNEYS = {
  'friends-and-family-test': async (kb) => {
    await kb.choose('Overall, how was your experience', 'Good');
    await kb.type('Please can you tell us why', 'The receptionist was kind.');
    await kb.press('Check your answers');
  },
  'ons-personal-wellbeing': async (kb) => {
    await kb.choose('Overall, how satisfied', '7');
    await kb.choose('Overall, to what extent', '8');
    await kb.choose('Overall, how happy', '10');
    await kb.choose('On a scale where 0', '0');
    await kb.press('Check your answers');
  },
  'coordinated-care': async (kb) => {
    await kb.choose('The people who support me know', 'Agree');
    await kb.choose('How close are you', '6');
    await kb.press('Continue');
    await kb.choose('Have you agreed a plan', 'Yes');
    await kb.choose('My plan helps me', 'Strongly agree');
    await kb.choose('When was your plan last looked at', 'In the last 6 months');
    await kb.choose('I am as involved', 'Agree');
    await kb.press('Continue');
    await kb.choose('I only have to tell my story once', 'Disagree');
    await kb.tick('Email');
    await kb.tick('Another way');
    await kb.type('Which other way?', 'Video call');
    await kb.type('How many different services', '3');
    await kb.press('Continue');
    await kb.choose('Have you left hospital', 'Yes');
    await kb.type('Day', '12');
    await kb.type('Month', '3');
    await kb.type('Year', '2026');
    await kb.choose('When I left hospital', 'Agree');
    await kb.type('What one thing', 'One team that talks to each other');
    await kb.press('Check your answers');
  },
  'what-matters-to-you': async (kb) => {
    await kb.type('What matters to you at the moment', 'Seeing my grandchildren every week.');
    await kb.tick('Money or housing');
    await kb.press('Continue');
    await kb.choose('Would you like someone', 'Yes');
    await kb.choose('When is the best time', 'Morning');
    await kb.press('Check your answers');
  },
};

const SUMMARY_SHOWS = {
  'friends-and-family-test': ['Good', 'The receptionist was kind.'],
  'ons-personal-wellbeing': ['7', '8', '10', '0'],
  'coordinated-care': ['Strongly agree', 'Email, Another way: Video call', '12 March 2026', 'One team that talks to each other'],
  'what-matters-to-you': ['Seeing my grandchildren every week.', 'Money or housing', 'Morning'],
};

for (const [survey, answer] of Object.entries(JOURNEYS)) {
  test(`the ${survey} survey can be completed with the keyboard only`, async () => {
    const page = await open(`?survey=${survey}`);
    const kb = new Keyboard(page);
    await kb.press('Start now');
    await answer(kb);
    await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    const summary = await page.locator('heard-survey .heard-summary').innerText();
    for (const expected of SUMMARY_SHOWS[survey]) {
      assert.ok(summary.includes(expected), `the summary shows "${expected}":\n${summary}`);
    }
    await kb.press('Submit');
    await expectThankYou(page);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('a survey on a 320 × 640 phone never scrolls sideways', async () => {
  const page = await open('?survey=coordinated-care', { width: 320, height: 640 });
  const kb = new Keyboard(page);
  assert.equal(await scrollsSideways(page), false, 'start page');
  await kb.press('Start now');
  assert.equal(await scrollsSideways(page), false, 'question page');
  await kb.press('Continue');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  assert.equal(await scrollsSideways(page), false, 'error summary');
  await page.close();

  const ons = await open('?survey=ons-personal-wellbeing', { width: 320, height: 640 });
  const onsKb = new Keyboard(ons);
  await onsKb.press('Start now');
  assert.equal(await scrollsSideways(ons), false, 'an 11-point scale wraps');
  for (const [q, a] of [['Overall, how satisfied', '5'], ['Overall, to what extent', '5'], ['Overall, how happy', '5'], ['On a scale where 0', '5']]) {
    await onsKb.choose(q, a);
  }
  await onsKb.press('Check your answers');
  await ons.getByRole('heading', { name: 'Check your answers' }).waitFor();
  assert.equal(await scrollsSideways(ons), false, 'check your answers');
  // Touch targets: every scale button and option row is at least 44 × 44 px.
  await onsKb.press('Submit');
  await expectThankYou(ons);
  assert.equal(await scrollsSideways(ons), false, 'thank-you page');
  await ons.close();
});

test('at 400% zoom (a 1280 × 1024 screen shows 320 × 256 CSS px) nothing scrolls sideways, inside the widget either', async () => {
  const page = await open('?survey=what-matters-to-you', { width: 320, height: 256 });
  const kb = new Keyboard(page);
  // Anything in the shadow root whose content is wider than its box, such
  // as a row that scrolls on its own, counts as well as the page itself.
  const wideInside = () => page.locator('heard-survey').evaluate((host) => [...host.shadowRoot.querySelectorAll('*')]
    // Visually hidden text (a 1 px clipped box) is not on screen to scroll.
    .filter((el) => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
    .map((el) => el.className || el.tagName));
  const check = async (where) => {
    assert.equal(await scrollsSideways(page), false, where);
    assert.deepEqual(await wideInside(), [], where);
  };
  await check('start page');
  await kb.press('Start now');
  await check('question page');
  await kb.press('Continue');
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await check('error summary');
  // The error summary's link still takes the person to the field.
  await page.locator('heard-survey').getByRole('link', { name: 'Enter what matters to you at the moment' }).click();
  const focused = await page.locator('heard-survey').evaluate((host) => host.shadowRoot.activeElement?.id);
  assert.equal(focused, 'heard-q.what_matters');
  await page.close();
});

test('touch targets are at least 44 × 44 px and inputs use 16 px text', async () => {
  const page = await open('?survey=coordinated-care', { width: 320, height: 640 });
  await page.getByRole('button', { name: 'Start now' }).click();
  const sizes = await page.locator('heard-survey').evaluate((host) => {
    const root = host.shadowRoot;
    const box = (el) => el.getBoundingClientRect();
    const small = [];
    // Links and buttons styled as links too: each is an action (issue 8).
    for (const el of root.querySelectorAll('button, a, .heard-scale-point label, .heard-choice')) {
      const r = box(el);
      if (r.width < 44 || r.height < 44) small.push(`${el.className || el.tagName} ${r.width}×${r.height}`);
    }
    const fonts = [...root.querySelectorAll('input[type=text], textarea')].map((el) => parseFloat(getComputedStyle(el).fontSize));
    return { small, minFont: Math.min(...fonts) };
  });
  assert.deepEqual(sizes.small, []);
  assert.ok(sizes.minFont >= 16, `input font ${sizes.minFont}px`);
  await page.close();
});

/**
 * Every control on the widget's current screen whose hit area is under 44 ×
 * 44 CSS px, described for a failure message. A button or link is its own
 * box; a radio or checkbox is the union of the input and its labels (the
 * label wraps the input in an option row, and covers it in a scale point).
 */
function smallTargets(page, where) {
  return page.locator('heard-survey').evaluate((host, where) => {
    const root = host.shadowRoot;
    const union = (boxes) => {
      const left = Math.min(...boxes.map((b) => b.left));
      const top = Math.min(...boxes.map((b) => b.top));
      return { width: Math.max(...boxes.map((b) => b.right)) - left, height: Math.max(...boxes.map((b) => b.bottom)) - top };
    };
    const controls = [
      ...[...root.querySelectorAll('button, a')].map((el) => [el, `${el.tagName.toLowerCase()} "${el.textContent.trim()}"`, [el]]),
      ...[...root.querySelectorAll('input[type=radio], input[type=checkbox]')]
        .map((el) => [el, `${el.type} "${el.labels[0]?.textContent.trim()}"`, [el, ...el.labels]]),
    ];
    const small = [];
    for (const [, name, parts] of controls) {
      const { width, height } = union(parts.map((p) => p.getBoundingClientRect()));
      if (width < 44 || height < 44) small.push(`${where}: ${name} is ${Math.round(width)} × ${Math.round(height)}`);
    }
    return { count: controls.length, small };
  }, where);
}

// Regression test for issue 8: "Clear my answers from this device" was a
// 245 × 24 px button at 320 px wide, though the contract gives every button,
// link action and option a 44 × 44 px touch target (WCAG 2.5.8 asks 24).
test('on a 320 px phone every button, link and option on every screen is at least 44 × 44 px', async () => {
  const page = await open('?survey=coordinated-care', { width: 320, height: 640 });
  const host = page.locator('heard-survey');
  const kb = new Keyboard(page);
  // The question's own legend or label, not the live region announcing it.
  const shown = (text) => host.locator('legend, label', { hasText: text }).first().waitFor();
  const small = [];
  const measure = async (where, atLeast) => {
    const found = await smallTargets(page, where);
    assert.ok(found.count >= atLeast, `${where}: expected at least ${atLeast} controls, found ${found.count}`);
    small.push(...found.small);
  };
  await measure('start page', 1);
  await kb.press('Start now');
  await shown('The people who support me know');
  await measure('Likert radios and a 0–10 scale', 5 + 11 + 2);
  await kb.press('Continue');
  await host.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await measure('the error summary', 1 + 5 + 11 + 2);
  await kb.choose('The people who support me know', 'Agree');
  await kb.press('Continue');
  await shown('Have you agreed a plan');
  await kb.choose('Have you agreed a plan', 'Yes');
  await shown('When was your plan last looked at');
  await measure('yes/no, Likert and single-choice radios, and Back', 2 + 5 + 4 + 5 + 3);
  await kb.choose('I am as involved', 'Agree');
  await kb.press('Continue');
  await shown('How would you like to get information');
  await kb.tick('Another way');
  await shown('Which other way?');
  await measure('checkboxes', 5 + 4 + 3);
  await kb.choose('I only have to tell my story once', 'Agree');
  await kb.type('Which other way?', 'Video call');
  await kb.press('Continue');
  await shown('Have you left hospital');
  await kb.choose('Have you left hospital', 'No');
  await kb.press('Check your answers');
  await host.getByRole('heading', { name: 'Check your answers' }).waitFor();
  await measure('check your answers, with Change links', 4 + 1);
  await kb.press('Submit');
  await expectThankYou(page);
  await measure('thank-you page', 0);
  assert.deepEqual(small, []);
  await page.close();
});

test('two widgets on one page work independently', async () => {
  const page = await open('?survey=friends-and-family-test,ons-personal-wellbeing');
  await browser.waitForEvent(page, 'heard:ready', 2);
  const first = page.locator('#survey-1');
  const second = page.locator('#survey-2');
  await first.getByRole('button', { name: 'Start now' }).click();
  await first.getByRole('radio', { name: 'Very good' }).check();
  await first.getByRole('button', { name: 'Check your answers' }).click();
  await first.getByRole('button', { name: 'Submit' }).click();
  await first.getByRole('heading', { name: 'Thank you' }).waitFor();
  // The second is untouched, then completes on its own.
  await second.getByRole('button', { name: 'Start now' }).waitFor();
  await second.getByRole('button', { name: 'Start now' }).click();
  await second.getByRole('button', { name: 'Check your answers' }).click();
  assert.equal(await second.getByRole('link', { name: /Select how satisfied/ }).count(), 1);
  assert.equal(await first.getByRole('heading', { name: 'Thank you' }).count(), 1);
  const events = await page.evaluate(() => window.__heardEvents.map((e) => `${e.type}@${e.target}`));
  assert.deepEqual(events.filter((e) => e.startsWith('heard:submitted')), ['heard:submitted@survey-1']);
  assert.deepEqual(events.filter((e) => e.startsWith('heard:page')), ['heard:page@survey-1', 'heard:page@survey-2']);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a broken definition shows a calm message and leaves the host page working', async () => {
  const page = await browser.newPage();
  await page.goto(`${browser.url}/test/host.html?survey=/test/broken.json,/test/missing.json&debug=1`);
  const errors = await browser.waitForEvent(page, 'heard:error', 2);
  const byTarget = Object.fromEntries(errors.map((e) => [e.target, e.detail]));
  assert.equal(byTarget['survey-1'].kind, 'definition');
  assert.match(byTarget['survey-1'].message, /requird/);
  assert.match(byTarget['survey-1'].message, /Did you mean `required`/);
  assert.equal(byTarget['survey-2'].kind, 'load');
  assert.match(byTarget['survey-2'].message, /HTTP 404/);
  for (const id of ['#survey-1', '#survey-2']) {
    await page.locator(id).getByText("This survey can't be shown right now").waitFor();
  }
  // The engine's detailed problems are shown because of `debug`.
  const details = await page.locator('#survey-1 pre').innerText();
  assert.match(details, /\/pages\/0\/items\/1\/id/);
  // The host page still works.
  await page.getByRole('button', { name: 'Host button' }).click();
  assert.equal(await page.getByRole('button', { name: 'Host button' }).getAttribute('data-clicks'), '1');
  const unexpected = page.problems.filter((p) => !p.includes('missing.json'));
  assert.deepEqual(unexpected, []);
  await page.close();
});

test('hostile strings in a definition appear as text and run nothing', async () => {
  const page = await browser.newPage();
  await page.goto(`${browser.url}/test/hostile.html`);
  await browser.waitForEvent(page, 'heard:ready');
  const host = page.locator('#hostile');
  await host.getByText('<img src=x onerror="window.__pwned=\'img\'">Title').waitFor();
  await host.getByText('<script>window.__pwned=\'script\'</script>').waitFor();
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByText('<img src=x onerror="window.__pwned=\'question\'">Question').waitFor();
  await host.getByRole('radio', { name: '<svg onload="window.__pwned=\'svg\'"></svg>A' }).check();
  await page.waitForTimeout(200);
  const found = await host.evaluate((el) => ({
    pwned: window.__pwned ?? null,
    elements: el.shadowRoot.querySelectorAll('img, script, iframe, svg, b').length,
  }));
  assert.deepEqual(found, { pwned: null, elements: 0 });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("the host page's styles do not leak into the widget, and the widget's do not leak out", async () => {
  const page = await open();
  const styles = await page.evaluate(() => {
    const host = document.querySelector('heard-survey');
    const start = [...host.shadowRoot.querySelectorAll('button')].find((b) => b.textContent === 'Start now');
    const hostButton = document.getElementById('host-button');
    return {
      widgetButtonColour: getComputedStyle(start).color,
      hostButtonColour: getComputedStyle(hostButton).color,
      hostFont: getComputedStyle(document.body).fontFamily,
    };
  });
  assert.equal(styles.widgetButtonColour, 'rgb(255, 255, 255)', 'the host makes buttons dark red; the widget is immune');
  assert.equal(styles.hostButtonColour, 'rgb(139, 0, 0)', 'the host keeps its own button style');
  assert.match(styles.hostFont, /Georgia/);
  await page.close();
});

for (const theme of ['nhs', 'council']) {
  test(`axe-core finds no violations on any screen in the ${theme} theme`, async () => {
    const page = await open(`?survey=friends-and-family-test&theme=${theme}`);
    const report = {};
    report.start = await axeViolations(page);
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByRole('heading', { name: 'Friends and Family Test' }).waitFor();
    report.question = await axeViolations(page);
    await page.getByRole('button', { name: 'Check your answers' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    report.errors = await axeViolations(page);
    await page.getByRole('radio', { name: 'Good', exact: true }).check();
    await page.getByRole('button', { name: 'Check your answers' }).click();
    await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    report.check = await axeViolations(page);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    report.thanks = await axeViolations(page);
    assert.deepEqual(report, { start: [], question: [], errors: [], check: [], thanks: [] });
    await page.close();
  });
}

// Regression test for issue 8: DOM ids were `heard-<item>-<part>`, so the
// Day box of a date `visit` and the text box of an item `visit-day` were both
// `heard-visit-day`, and option 0 of `q` and an item `q-0` both had
// `heard-q-0-hint`. Labels and error links then led to the wrong question.
test('items whose ids look like parts of other items keep their own labels, hints and error links', async () => {
  const page = await open('?survey=/test/clashing-ids.json');
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByText('Which day of the week was it?').waitFor();
  // Every label names a control of its own question, and every id an input
  // is described by exists once, in the same question.
  const miswired = () => host.evaluate((el) => {
    const root = el.shadowRoot;
    const itemOf = (node) => node?.closest('[data-item]')?.dataset.item ?? null;
    const problems = [];
    const ids = [...root.querySelectorAll('[id]')].map((node) => node.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`id ${id} is used more than once`);
    for (const label of root.querySelectorAll('label')) {
      const control = label.control;
      const text = label.textContent.trim();
      if (!control) problems.push(`label "${text}" names no control`);
      else if (itemOf(control) !== itemOf(label)) {
        problems.push(`label "${text}" of ${itemOf(label)} names an input of ${itemOf(control)}`);
      }
    }
    for (const node of root.querySelectorAll('[aria-describedby]')) {
      for (const id of node.getAttribute('aria-describedby').split(/\s+/)) {
        const found = root.querySelectorAll(`[id="${CSS.escape(id)}"]`);
        if (found.length !== 1) problems.push(`${itemOf(node)} is described by ${id}, found ${found.length} times`);
        else if (itemOf(found[0]) !== itemOf(node)) problems.push(`${itemOf(node)} is described by ${id} of ${itemOf(found[0])}`);
      }
    }
    return problems;
  });
  assert.deepEqual(await miswired(), [], 'question page');
  assert.deepEqual(await axeDuplicateIds(page), [], 'question page');
  assert.deepEqual(await axeViolations(page), [], 'question page');

  await host.getByRole('button', { name: 'Check your answers' }).click();
  await host.getByRole('heading', { name: 'There is a problem' }).waitFor();
  assert.deepEqual(await miswired(), [], 'with error messages');
  assert.deepEqual(await axeDuplicateIds(page), [], 'with error messages');
  assert.deepEqual(await axeViolations(page), [], 'with error messages');
  // Each error summary link focuses a box of its own question.
  const links = {
    'Enter an answer for “When was your visit?”': 'visit',
    'Enter an answer for “Which day of the week was it?”': 'visit-day',
    'Enter an answer for “How long did it take?”': 'q-0',
  };
  for (const [name, item] of Object.entries(links)) {
    await host.getByRole('link', { name }).click();
    const focused = await host.evaluate((el) => el.shadowRoot.activeElement?.closest('[data-item]')?.dataset.item);
    assert.equal(focused, item, name);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a panic inside the widget replaces it with the calm message and the host keeps working', async () => {
  const page = await open('?survey=friends-and-family-test,ons-personal-wellbeing');
  await browser.waitForEvent(page, 'heard:ready', 2);
  await page.locator('#survey-1').getByRole('button', { name: 'Start now' }).click();
  // The wasm module exports a deliberate panic for this test; the loader
  // shares the same module instance.
  await page.evaluate(async () => {
    const core = await import('/heard/heard_core.js');
    try { core.trigger_panic_for_tests(); } catch { /* the trap after the hook */ }
  });
  const errors = await browser.waitForEvent(page, 'heard:error', 2);
  assert.deepEqual(errors.map((e) => e.detail.kind), ['panic', 'panic']);
  for (const id of ['#survey-1', '#survey-2']) {
    await page.locator(id).getByText("This survey can't be shown right now").waitFor();
    assert.equal(await page.locator(id).getByRole('radio').count(), 0, 'nothing half-rendered remains');
  }
  await page.getByRole('button', { name: 'Host button' }).click();
  assert.equal(await page.getByRole('button', { name: 'Host button' }).getAttribute('data-clicks'), '1');
  await page.close();
});

test('mount() replaces the widget on a second call and destroy() leaves the element empty', async () => {
  const page = await browser.newPage();
  await page.goto(`${browser.url}/test/host.html?survey=none`);
  const result = await page.evaluate(async () => {
    const { mount, liveWidgets } = await import('/heard/heard.js');
    const slot = document.createElement('div');
    slot.id = 'mounted';
    document.querySelector('main').append(slot);
    const base = liveWidgets();
    const events = [];
    slot.addEventListener('heard:ready', () => events.push('ready'));
    const survey = await (await fetch('/surveys/friends-and-family-test.json')).json();
    const first = await mount(slot, { survey, theme: 'council' });
    const afterFirst = liveWidgets() - base;
    const second = await mount(slot, { survey: '/surveys/ons-personal-wellbeing.json' });
    const afterSecond = liveWidgets() - base;
    const text = slot.firstElementChild.shadowRoot.textContent;
    first.destroy();
    const afterStaleDestroy = liveWidgets() - base;
    second.destroy();
    return { afterFirst, afterSecond, afterStaleDestroy, afterDestroy: liveWidgets() - base,
      children: slot.childNodes.length, events, shows: text.includes('How you are feeling') };
  });
  assert.deepEqual(result, { afterFirst: 1, afterSecond: 1, afterStaleDestroy: 1, afterDestroy: 0,
    children: 0, events: ['ready', 'ready'], shows: true });
  await page.close();
});

test('reduced motion and forced colours are respected', async () => {
  const page = await open('?survey=ons-personal-wellbeing');
  await page.emulateMedia({ reducedMotion: 'reduce', forcedColors: 'active' });
  const host = page.locator('heard-survey');
  await host.getByRole('button', { name: 'Start now' }).click();
  await host.getByRole('radio', { name: '7', exact: true }).first().check();
  const styles = await host.evaluate((el) => {
    const root = el.shadowRoot;
    const button = root.querySelector('.heard-button');
    const chosen = root.querySelector('.heard-scale-point input:checked + label');
    return {
      transition: getComputedStyle(button).transitionDuration,
      chosenAdjust: getComputedStyle(chosen).forcedColorAdjust,
      chosenBackground: getComputedStyle(chosen).backgroundColor,
      otherBackground: getComputedStyle(root.querySelector('.heard-scale-point input:not(:checked) + label')).backgroundColor,
    };
  });
  assert.equal(styles.transition, '0s');
  // In forced colours the chosen point keeps a system highlight, so it still
  // looks different from the others.
  assert.equal(styles.chosenAdjust, 'none');
  assert.notEqual(styles.chosenBackground, styles.otherBackground);
  await page.close();
});
