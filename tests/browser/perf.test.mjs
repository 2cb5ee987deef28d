// Figures for the issue notes (printed, with only loose sanity bounds): time from navigation to
// ready, frame time while scrolling the largest rubric (79 criteria), frames over 5 idle seconds.
import {launch, startServer, openApp, state, settle, check, run, waitState, clickRaw} from './lib.mjs';

run('perf', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const readies = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN'});
      const {readyMs} = await openApp(browser, server.url, {context: ctx});
      readies.push(readyMs);
      await ctx.close();
    }
    console.log(`FIGURE time from navigation to ready (loopback, 3 runs): ${readies.join(', ')} ms`);
    const {page} = await openApp(browser, server.url);
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    await clickRaw(page, '##start:soctrang-2022-dti-huyen');
    await clickRaw(page, '##unit:enter-form');
    const st0 = await state(page);
    check(st0.screen === 'form' && st0.draft.items === 79, 'the largest rubric (79 criteria) is open');
    const times = [];
    await page.mouse.move(683, 450);
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, i < 40 ? 180 : -300);
      await page.waitForTimeout(34);
      times.push((await state(page)).frameMs);
    }
    await settle(page);
    const st1 = await state(page);
    times.sort((a, b) => a - b);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    const p95 = times[Math.floor(times.length * 0.95)];
    console.log(`FIGURE frame time while scrolling the 79-criterion form (swiftshader, CPU time per frame): ` +
                `avg ${avg.toFixed(2)} ms, median ${times[times.length >> 1].toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
    check(st1.draft.scrollMax > 3000, `the form is long (${Math.round(st1.draft.scrollMax)} px of scrolling)`);
    check(avg < 100, 'scrolling stays interactive (average frame under 100 ms even on software GL)');
    const f0 = (await state(page)).frames;
    await page.waitForTimeout(5000);
    const f1 = (await state(page)).frames;
    console.log(`FIGURE frames rendered over 5 idle seconds on the form: ${f1 - f0}`);
    check(f1 - f0 <= 3, 'an idle form renders (almost) no frames');
  } finally {
    await browser.close();
    await server.close();
  }
});
