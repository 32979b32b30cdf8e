'use strict';
// Child process for run.js: stdin = JSON {kind, lines}; stdout = one reference
// JSON per line. Isolated because the reference library can exhaust memory on
// some malformed strings (huge range expansions); run.js then retries line by
// line and reports those lines as "reference crashed".
const { tcfReference, gppReference } = require('./reference.js');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const ref = input.kind === 'tcf' ? tcfReference : gppReference;
const out = input.lines.map((s) => JSON.stringify(ref(s)));
process.stdout.write(out.join('\n') + '\n');
