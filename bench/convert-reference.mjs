// Converts the anchors' reference survey (a FHIR R4 Questionnaire) into
// Heard's definition format, once, so that Heard renders exactly the same
// items, options and conditions as the other contenders. All items go on one
// page, as the anchors render them.
//
//   node bench/convert-reference.mjs   (writes bench/heard/reference.heard.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const source = process.argv[2] ?? here('../../shared/bench/anchors/survey/reference.fhir.json');
const q = JSON.parse(readFileSync(source, 'utf8'));

const AGREE = ['Strongly agree', 'Agree', 'Neither agree nor disagree', 'Disagree', 'Strongly disagree'];
const options = (item) => (item.answerOption ?? []).map((o) => ({ code: o.valueCoding.code, label: o.valueCoding.display }));
const isControl = (item, code) => (item.extension ?? []).some((e) =>
  e.url.endsWith('questionnaire-itemControl') && e.valueCodeableConcept?.coding?.some((c) => c.code === code));

function condition(item) {
  const tests = (item.enableWhen ?? []).map((w) => {
    if (w.operator !== '=') throw new Error(`${item.linkId}: operator ${w.operator} is not converted`);
    if ('answerBoolean' in w) return { item: w.question, equals: w.answerBoolean ? 'yes' : 'no' };
    if (w.answerCoding) return { item: w.question, equals: w.answerCoding.code };
    throw new Error(`${item.linkId}: enableWhen answer type is not converted`);
  });
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return item.enableBehavior === 'any' ? { any: tests } : { all: tests };
}

function convert(item) {
  const base = { id: item.linkId, text: item.text };
  const show_if = condition(item);
  const required = item.required === true ? { required: true } : {};
  const opts = options(item);
  let kind;
  switch (item.type) {
    case 'choice': {
      const labels = opts.map((o) => o.label);
      if (item.repeats || isControl(item, 'check-box')) {
        kind = { type: 'multiple_choice', options: opts };
      } else if (labels.length === 11 && labels.every((l, i) => l === String(i))) {
        // ONS4: a 0-10 scale whose end words are in a display child "0 = …, 10 = …".
        const anchors = (item.item ?? []).find((c) => c.type === 'display')?.text ?? '';
        const m = anchors.match(/^0 = (.*), 10 = (.*)$/);
        kind = { type: 'scale', min: 0, max: 10, ...(m ? { min_label: m[1], max_label: m[2] } : {}) };
      } else if (labels.length === 5 && labels.every((l, i) => l === AGREE[i])) {
        kind = { type: 'likert', options: opts };
      } else {
        kind = { type: 'single_choice', options: opts };
      }
      break;
    }
    case 'boolean': kind = { type: 'yes_no' }; break;
    case 'text': kind = { type: 'long_text', ...(item.maxLength ? { max_length: item.maxLength } : {}) }; break;
    case 'string': kind = { type: 'short_text', ...(item.maxLength ? { max_length: item.maxLength } : {}) }; break;
    case 'integer': kind = { type: 'integer' }; break;
    case 'date': kind = { type: 'date' }; break;
    default: throw new Error(`${item.linkId}: FHIR type ${item.type} is not converted`);
  }
  return { ...base, ...kind, ...required, ...(show_if ? { show_if } : {}) };
}

const items = [];
for (const group of q.item) {
  if (group.type !== 'group') throw new Error(`top-level ${group.linkId} is not a group`);
  // The group's title becomes a display item, as the anchors show it.
  items.push({ id: `${group.linkId}_title`, type: 'display', text: group.text });
  for (const item of group.item) items.push(convert(item));
}

const survey = {
  id: q.id,
  version: q.version,
  default_language: 'en',
  title: q.title,
  description: q.description,
  privacy_notice: 'Your answers are anonymous unless you agree to be contacted.',
  pages: [{ id: 'all', items }],
};
writeFileSync(here('heard/reference.heard.json'), JSON.stringify(survey, null, 2) + '\n');
const questions = items.filter((i) => i.type !== 'display');
console.log(`${questions.length} questions, ${questions.filter((i) => !i.show_if).length} shown before any answer`);
