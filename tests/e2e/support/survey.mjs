// A page object for one Heard widget, used the way a keyboard user would:
// Tab moves focus, Space picks, arrows move within a radio group, Enter
// presses. Nothing here clicks; `fill`/`click` are not used, so a test that
// completes a survey through this object proves it works with a keyboard only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The element that has focus, looking through open shadow roots. */
function describeFocus() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el) return null;
  const label = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : null;
  const fieldset = el.closest('fieldset');
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    type: el.getAttribute('type'),
    label,
    text: el.textContent.trim(),
    legend: fieldset ? fieldset.querySelector('legend').textContent.trim() : null,
    checked: el.checked === true,
    host: (() => {
      const root = el.getRootNode();
      const host = root && root.host;
      return host ? (host.closest('heard-survey, [data-heard-slot]') || host).id || host.parentElement?.id || null : null;
    })(),
  };
}

export class Keyboard {
  constructor(page) {
    this.page = page;
  }

  focus() {
    return this.page.evaluate(describeFocus);
  }

  /** Presses Tab (or Shift+Tab) until `wanted(focus)` holds. */
  async tabTo(wanted, what, { max = 80, backwards = false } = {}) {
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
      const f = await this.focus();
      if (f && wanted(f)) return f;
    }
    throw new Error(`keyboard: could not reach ${what} with ${max} presses of Tab`);
  }

  /** Tabs to the button (or link) with this text and presses Enter. */
  async press(text) {
    await this.tabTo((f) => (f.tag === 'button' || f.tag === 'a') && f.text === text, `"${text}"`);
    await this.page.keyboard.press('Enter');
  }

  /** Picks the radio labelled `label` in the group whose legend starts with `question`. */
  async choose(question, label) {
    const matches = (f) => f.label === label || f.label?.startsWith(`${label},`);
    let f = await this.tabTo((f) => f.type === 'radio' && f.legend?.startsWith(question), `the radios of "${question}"`);
    if (!matches(f)) await this.page.keyboard.press('Space');
    for (let i = 0; i < 15 && !matches(f); i++) {
      await this.page.keyboard.press('ArrowDown');
      f = await this.focus();
    }
    if (!matches(f)) throw new Error(`keyboard: no radio "${label}" in "${question}"`);
    await this.page.keyboard.press('Space');
  }

  /** Ticks the checkbox labelled `label`. */
  async tick(label) {
    await this.tabTo((f) => f.type === 'checkbox' && f.label === label, `the checkbox "${label}"`);
    await this.page.keyboard.press('Space');
  }

  /** Types into the text box labelled `label` (matched at the start). */
  async type(label, text) {
    await this.tabTo((f) => (f.tag === 'input' || f.tag === 'textarea') && f.type !== 'radio' && f.type !== 'checkbox'
      && f.label?.startsWith(label), `the box "${label}"`);
    await this.page.keyboard.type(text);
  }
}

async function loadAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
}

/** Runs axe-core in the page (inside open shadow roots too) and returns its violations. */
export async function axeViolations(page) {
  await loadAxe(page);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).slice(0, 5),
    }));
  });
}

/**
 * What axe-core's duplicate-id rules find, violations and "needs review"
 * alike. Two rules are off by default (deprecated with WCAG 4.1.1), and
 * inside a shadow root axe files a clashing id under "needs review" rather
 * than as a violation, so a test must look at both.
 */
export async function axeDuplicateIds(page) {
  await loadAxe(page);
  return page.evaluate(async () => {
    const rules = ['duplicate-id', 'duplicate-id-active', 'duplicate-id-aria'];
    const result = await window.axe.run(document, {
      runOnly: { type: 'rule', values: rules },
      rules: Object.fromEntries(rules.map((r) => [r, { enabled: true }])),
      resultTypes: ['violations', 'incomplete'],
    });
    return [...result.violations, ...result.incomplete].map((v) => ({
      id: v.id, nodes: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5),
    }));
  });
}

/** Whether the page scrolls sideways. */
export function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
