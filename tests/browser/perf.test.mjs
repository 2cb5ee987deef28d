// Figures for the issue notes (printed, with only loose sanity bounds): time from navigation to
// ready for both editions with where it goes, the same on a slow link (the progress bar must move).
// Wall-clock figures, so make test runs it alone; the frames on the largest form (counts and CPU
// times) are browser.frames', which runs beside other tests.
import os from 'node:os';
import {launch, startServer, check, run, screenshot} from './lib.mjs';

run('perf', async () => {
  const server = await startServer();
  const browser = await launch();
  // make test runs this test alone (RUN_SERIAL), but a machine is seldom quiet: the load says how
  // far its timings may be from a quiet machine's.
  const load = () => `load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
  console.log(`FIGURE machine while measuring: ${load()}`);
  try {
    // Where the start goes (shell/boot.js's window.cds.timing, performance.now() ms from navigation).
    // "shown": the first animation frame after the app's first frame, when the browser has put
    // that frame on screen (with software GL the GPU process needs a few hundred ms for it: its
    // shaders compiled, the glyph texture uploaded). "seen by the test": the test's own clock from
    // page.goto() to the answer, which waits for the page's main thread.
    const startup = async (url, ctx) => {
      const page = await ctx.newPage();
      const t0 = Date.now();
      await page.goto(url);
      const t = await page.evaluate(() => window.cds.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => {
        const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-paint');
        resolve({...window.cds.timing, shown: Math.round(performance.now()), firstPaint: paint ? Math.round(paint.startTime) : null,
                 streaming: window.cds.streaming, edition: window.cds.edition});
      }))));
      return {page, readyMs: Date.now() - t0, t};
    };
    const line = (t) => `first paint ${t.firstPaint}, wasm response ${t.wasmResponse}, wasm compiled ${t.wasmCompiled}, instantiated ${t.wasmReady}, ` +
                        `main() ${t.main}, app started ${t.appStarted}, font atlas ${t.fontsBuilt}, first frame drawn ${t.ready}${t.shown ? ', shown ' + t.shown : ''} ms` +
                        `${t.streaming ? ' (streaming compile)' : ''}`;
    for (const edition of ['', '?office']) {
      const readies = [], drawn = [], shown = [];
      let last = null;
      for (let i = 0; i < 5; i++) {
        const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN'});
        const r = await startup(server.url + edition, ctx);
        readies.push(r.readyMs);
        drawn.push(r.t.ready);
        shown.push(r.t.shown);
        last = r.t;
        await ctx.close();
      }
      const name = last.edition === 'office' ? 'office edition' : 'unit edition';
      const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
      console.log(`FIGURE time from navigation to ready, ${name} (loopback, gzip, cold, 5 runs; median): first frame drawn ${drawn.join(', ')} (${median(drawn)}); ` +
                  `shown ${shown.join(', ')} (${median(shown)}); seen by the test ${readies.join(', ')} (${median(readies)}) ms; goal ≤ 1000`);
      console.log(`FIGURE start-up breakdown, ${name} (last run): ${line(last)}`);
      check(last.edition === (edition ? 'office' : 'unit'), `?office picks the office edition (${last.edition})`);
      check(last.streaming === true, 'the wasm is compiled while it downloads (application/wasm)');
    }

    // A slow link: 1.6 Mbit/s down, 150 ms round trip, cold cache. The progress bar moves.
    {
      const ctx = await browser.newContext({viewport: {width: 360, height: 640}, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN'});
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8});
      const t0 = Date.now();
      await page.goto(server.url);
      const seen = new Set();
      let shot = null;
      for (;;) {
        const p = await page.evaluate(() => (window.cds && window.cds.progress) || 0).catch(() => 0);
        seen.add(p);
        if (p >= 30 && p <= 80 && !shot) shot = await screenshot(page, 'loading-slow-link-360x640.png');
        if (await page.evaluate(() => !!(window.cds && window.cds.timing && window.cds.timing.ready)).catch(() => false)) break;
        if (Date.now() - t0 > 120000) throw new Error('not ready on the slow link within 120 s');
        await page.waitForTimeout(100);
      }
      const t = await page.evaluate(() => {
        const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-paint');
        return {...window.cds.timing, firstPaint: paint ? Math.round(paint.startTime) : null, streaming: window.cds.streaming};
      });
      const steps = [...seen].filter((p) => p > 0 && p < 100).length;
      console.log(`FIGURE slow link (1.6 Mbit/s, 150 ms RTT, cold): ready in ${Date.now() - t0} ms; ${line(t)}; progress bar showed ${steps} values between 0 and 100 %`);
      check(steps >= 3, `the progress bar moves while the wasm arrives (${steps} intermediate values)`);
      check(t.firstPaint !== null && t.firstPaint < t.wasmReady, `the loading screen is painted before the wasm is ready (${t.firstPaint} ms)`);
      await ctx.close();
    }
    console.log(`FIGURE machine at the end: ${load()}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
