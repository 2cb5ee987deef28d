import fs from 'node:fs';
import path from 'node:path';

// The files a first visit downloads before the app shows its first screen (paths under dist/):
// the page, its loader and style, the unit edition's cds.js + cds.wasm, the fonts, the rubric
// catalogue, the favicon, and the web app manifest (a browser may read it at load to offer
// installing the app; headless desktop Chromium did not). Not counted: icons/apple-touch-icon.png, which Safari reads
// only when the page is added to the home screen. tools/size-report.mjs sums these files
// (make size, ctest dist.size); tests/browser/boot.test.mjs checks that they are what Chromium
// fetched before the first frame, so neither list can drift from the other.
export const FIRST = /^(index\.html|boot\.js|app\.css|icon\.svg|manifest\.webmanifest|cds\.js|cds\.wasm|fonts\/.*|rubrics\/index\.json)$/;
// Counted although a browser may fetch them after the first frame or not at all: the manifest,
// and the favicon, which browsers fetch at low priority once the page has loaded.
export const FIRST_OPTIONAL = new Set(['manifest.webmanifest', 'icon.svg']);

// Every file under `dist`, as paths relative to it with '/' separators, sorted.
export function distFiles(dist) {
  const out = [];
  (function walk(d, rel) {
    for (const e of fs.readdirSync(d, {withFileTypes: true})) {
      if (e.isDirectory()) walk(path.join(d, e.name), rel + e.name + '/');
      else out.push(rel + e.name);
    }
  })(dist, '');
  return out.sort();
}
