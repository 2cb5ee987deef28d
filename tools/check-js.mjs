// tools/check-js.mjs DIST — every script the app ships parses as ECMAScript 2020 (what Chrome/Edge
// 109, Firefox ESR 115 and Safari 15 all understand): dist/*.js and the inline scripts of
// cds-offline.html. Uses acorn from Debian's node-acorn (installed with emscripten).
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
let acorn;
try {
  acorn = require('/usr/share/nodejs/acorn');
} catch (e) {
  acorn = require('acorn');
}
const dist = process.argv[2] || 'dist';
const scripts = [];
for (const f of fs.readdirSync(dist)) if (f.endsWith('.js')) scripts.push([f, fs.readFileSync(path.join(dist, f), 'utf8')]);
const single = fs.readFileSync(path.join(dist, 'cds-offline.html'), 'utf8');
const re = /<script>([\s\S]*?)<\/script>/g;
let m, n = 0;
while ((m = re.exec(single))) scripts.push([`cds-offline.html inline #${++n}`, m[1]]);
let bad = 0;
for (const [name, code] of scripts) {
  try {
    acorn.parse(code, {ecmaVersion: 2020, sourceType: 'script'});
    console.log(`ok - ${name} parses as ES2020 (${code.length} chars)`);
  } catch (e) {
    bad++;
    console.log(`FAIL - ${name}: ${e.message}`);
  }
}
process.exit(bad ? 1 : 0);
