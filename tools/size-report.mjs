// tools/size-report.mjs DIST [BUDGET_KB] — the bytes of every file in dist/, raw and gzip-compressed,
// and the totals. Fails when the gzip total of what a first visit downloads (everything the
// service worker precaches: all but cds-offline.html and release.json) exceeds the budget
// (default 800 KB).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = process.argv[2] || 'dist';
const budget = Number(process.argv[3] || 800) * 1024;
const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, {withFileTypes: true})) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else files.push(p);
  }
})(dist);
files.sort();
let raw = 0, gz = 0, firstRaw = 0, firstGz = 0;
const row = (a, b, c) => console.log(a.padEnd(46) + String(b).padStart(10) + String(c).padStart(10));
row('file', 'bytes', 'gzip');
for (const f of files) {
  const buf = fs.readFileSync(f);
  const z = zlib.gzipSync(buf, {level: 9}).length;
  const rel = path.relative(dist, f).split(path.sep).join('/');
  row(rel, buf.length, z);
  raw += buf.length;
  gz += z;
  if (rel !== 'cds-offline.html' && rel !== 'release.json') {
    firstRaw += buf.length;
    firstGz += z;
  }
}
row('TOTAL (all files)', raw, gz);
row('FIRST VISIT (precached)', firstRaw, firstGz);
console.log(`budget: first visit ≤ ${budget / 1024} KB gzip; now ${(firstGz / 1024).toFixed(1)} KB (${(100 * firstGz / budget).toFixed(0)} %)`);
if (firstGz > budget) {
  console.log('FAIL - over budget');
  process.exit(1);
}
