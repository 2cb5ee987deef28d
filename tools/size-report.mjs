// tools/size-report.mjs DIST [BUDGET_KB] [SINGLE_BUDGET_KB] — what the web app weighs, raw and gzip:
//  * every file in dist/;
//  * FIRST VISIT: what a first visit downloads before the app shows its first screen (the page,
//    its loader and style, the unit edition cds.js + cds.wasm, the fonts, the rubric catalogue);
//  * AFTER FIRST SCREEN: what the service worker then precaches for offline use (the rubric files,
//    fetched by the app itself when one is first needed; the office edition; the Excel worker
//    module; the install icons; sw.js itself); the list is tools/first-visit.mjs;
//  * the single file cds-offline.html;
//  * each .wasm by section (code, data, the rest), so a change that grows one shows where.
// Fails when the first visit is over BUDGET_KB (default 500) or the single file over
// SINGLE_BUDGET_KB (default 600), gzip. Prints FIGURE lines (make size, ctest dist.size).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {FIRST, distFiles} from './first-visit.mjs';

const dist = process.argv[2] || 'dist';
const budget = Number(process.argv[3] || 500) * 1024;
const singleBudget = Number(process.argv[4] || 600) * 1024;
const files = distFiles(dist).map((rel) => path.join(dist, rel));

const NOT_PRECACHED = new Set(['cds-offline.html', 'release.json']);

const gz = (buf) => zlib.gzipSync(buf, {level: 9}).length;
const kb = (n) => (n / 1024).toFixed(1);
const row = (a, b, c) => console.log(a.padEnd(46) + String(b).padStart(10) + String(c).padStart(10));
const sum = {first: [0, 0], after: [0, 0], all: [0, 0]};
let single = [0, 0];
row('file', 'bytes', 'gzip');
for (const f of files) {
  const buf = fs.readFileSync(f);
  const z = gz(buf);
  const rel = path.relative(dist, f).split(path.sep).join('/');
  row(rel, buf.length, z);
  sum.all[0] += buf.length;
  sum.all[1] += z;
  if (rel === 'cds-offline.html') single = [buf.length, z];
  if (NOT_PRECACHED.has(rel)) continue;
  const part = FIRST.test(rel) ? sum.first : sum.after;
  part[0] += buf.length;
  part[1] += z;
}
row('TOTAL (all files)', sum.all[0], sum.all[1]);
row('FIRST VISIT (to the first screen)', sum.first[0], sum.first[1]);
row('AFTER FIRST SCREEN (precached for offline)', sum.after[0], sum.after[1]);

// Sections of each wasm module.
function sections(buf) {
  const out = {};
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = buf[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  while (p < buf.length) {
    const id = buf[p++];
    const len = leb();
    const start = p;
    const name = id === 10 ? 'code' : id === 11 ? 'data' : 'other';
    const slice = buf.subarray(start, start + len);
    out[name] = out[name] || [0, 0, []];
    out[name][0] += len;
    out[name][2].push(slice);
    p = start + len;
  }
  for (const k of Object.keys(out)) out[k][1] = gz(Buffer.concat(out[k][2]));
  return out;
}
console.log('');
row('wasm section', 'bytes', 'gzip');
for (const f of files.filter((x) => x.endsWith('.wasm'))) {
  const s = sections(fs.readFileSync(f));
  for (const k of ['code', 'data', 'other']) if (s[k]) row(`${path.basename(f)}: ${k}`, s[k][0], s[k][1]);
}

console.log(`FIGURE first visit: ${kb(sum.first[1])} KB gzip (${kb(sum.first[0])} KB raw) to the first screen; goal ≤ ${budget / 1024} KB`);
console.log(`FIGURE precached after the first screen: ${kb(sum.after[1])} KB gzip`);
console.log(`FIGURE single file cds-offline.html: ${kb(single[1])} KB gzip; goal ≤ ${singleBudget / 1024} KB`);
let fail = false;
if (sum.first[1] > budget) { console.log('FAIL - first visit over budget'); fail = true; }
if (single[1] > singleBudget) { console.log('FAIL - single file over budget'); fail = true; }
if (fail) process.exit(1);
