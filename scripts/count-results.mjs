// Reads a test log and prints "passed failed skipped", summed over every
// runner closing line it finds: cargo test and wasm-bindgen-test-runner
// ("test result: ok. 3 passed; 0 failed; 1 ignored; ...") and node --test
// (TAP "# pass 3" or spec "ℹ pass 3"). It only counts; it never decides.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0, failed = 0, skipped = 0;
for (const m of text.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/g)) {
  passed += +m[1]; failed += +m[2]; skipped += +m[3];
}
// A check with no runner of its own (format, clippy, purity) closes with
// the plain line "N passed, N failed".
for (const m of text.matchAll(/^(\d+) passed, (\d+) failed$/gm)) {
  passed += +m[1]; failed += +m[2];
}
const node = (word) => [...text.matchAll(new RegExp(`^(?:#|ℹ) ${word} (\\d+)$`, 'gm'))]
  .reduce((sum, m) => sum + +m[1], 0);
passed += node('pass');
failed += node('fail') + node('cancelled');
skipped += node('skipped') + node('todo');
console.log(`${passed} ${failed} ${skipped}`);
