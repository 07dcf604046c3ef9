// Heard contender: mounts the reference survey (converted once from the FHIR
// Questionnaire by bench/convert-reference.mjs) with every item on one page
// and no start page, as the other contenders render it.
import { mount } from './dist/heard.js';

// Heard renders inside a shadow root. Two of the harness's DOM probes stop at
// shadow hosts, so this page lets them look through open shadow roots, as a
// person's eyes and pointer do:
// - document.elementFromPoint, which checks that a click lands on the
//   option's label (run before the press, so no measured time changes);
// - document.createTreeWalker(body, SHOW_TEXT), which finds a revealed
//   follow-up question's text. The walk also visits text inside open shadow
//   roots, in document order.
const shallowHit = Document.prototype.elementFromPoint;
document.elementFromPoint = function deepElementFromPoint(x, y) {
  let hit = shallowHit.call(this, x, y);
  while (hit && hit.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return hit;
};

const shallowWalker = Document.prototype.createTreeWalker;
document.createTreeWalker = function deepTreeWalker(root, whatToShow, filter) {
  if (whatToShow !== NodeFilter.SHOW_TEXT) return shallowWalker.call(this, root, whatToShow, filter);
  const texts = [];
  (function collect(node) {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) texts.push(child);
      if (child.shadowRoot) collect(child.shadowRoot);
      collect(child);
    }
  })(root);
  let i = -1;
  return { nextNode: () => texts[++i] ?? null };
};

window.__libLoaded = performance.now();
const host = document.getElementById('survey-host');
const survey = await (await fetch('reference.heard.json')).json();
const expected = survey.pages.flatMap((p) => p.items).filter((i) => i.type !== 'display' && !i.show_if).map((i) => i.id);

window.__benchWhenRendered(() => {
  const root = host.firstElementChild?.shadowRoot;
  if (!root) return false;
  const rendered = root.querySelectorAll('[data-item]');
  if (rendered.length < expected.length) return false;
  for (const id of expected) if (!root.querySelector(`[data-item="${id}"]`)) return false;
  return window.__benchVisible(rendered[0]);
}, () => ({ renderer: 'heard', questionsRendered: host.firstElementChild.shadowRoot.querySelectorAll('[data-item]').length }));

window.__renderStart = performance.now();
mount(host, { survey, startPage: false, theme: 'council' }).then(() => { window.__formReadyEvent = performance.now(); });
