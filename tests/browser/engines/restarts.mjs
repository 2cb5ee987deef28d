// Starts the app many times in one engine and counts the starts that fail: the reproduction of
// WebKit's start crash (docs/performance.md, "WebKit's start crash"). Not a ctest: it measures an
// engine defect's rate, which a pass/fail test cannot hold still.
//   node tests/browser/engines/restarts.mjs [engine=webkit] [starts=12] [reload|new] [query=?office]
// "reload" reloads one page (the same web process each time), "new" opens a new browsing session
// per start. JavaScriptCore's options can be given as environment variables, e.g.
// JSC_useWebAssemblyOSR=false (the optimising tier entered only at function entry).
import {launchEngine, waitReady, reloadDocument} from './adapters.mjs';
import {serve} from '../../../tools/serve.mjs';
import {DIST} from '../lib.mjs';

const [engineName = 'webkit', n = '12', mode = 'reload', query = '?office'] = process.argv.slice(2);
const starts = Number(n);

async function ready(page) {
  try {
    await waitReady(page);
    return 'ok';
  } catch (e) {
    return String(e && e.message).slice(0, 300);
  }
}

const server = await serve(DIST, 0);
const {engine, stop} = await launchEngine(engineName);
let failed = 0;
let page = null;
try {
  for (let i = 1; i <= starts; i++) {
    if (mode === 'new' || !page) {
      if (page) await page.closeAll();
      page = await engine.newPage();
      await page.goto(server.url + query);
    } else {
      await reloadDocument(page);
    }
    const r = await ready(page);
    if (r !== 'ok') failed++;
    console.log(`start ${i}: ${r}`);
  }
} finally {
  await stop();
  await server.close();
}
console.log(`FIGURE ${engine.version}: ${failed} of ${starts} starts failed (${mode}, ${query || 'unit edition'})`);
process.exit(0);
