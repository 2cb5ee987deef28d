// Issue: a release bump. Two builds of dist/ (B differs from A in one file and is re-stamped by
// tools/make-sw) served in turn from the same origin: the page on A sees B, shows the non-blocking
// "Có phiên bản mới — tải lại" banner while A keeps working, and after the click runs B only, with
// only B's cache left and the draft untouched. A half-uploaded release (a file whose bytes do not
// match the release list) is refused: no banner, A keeps running from its cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launch, startServer, openApp, state, check, run, clickRaw, typeInto, waitState, screenshot, DIST, ROOT, openForm} from './lib.mjs';

function copyRelease(dir) {
  fs.cpSync(DIST, dir, {recursive: true, filter: (src) => !src.endsWith('cds-offline.html')});
}

function stamp(dir) {
  return execFileSync('/usr/bin/python3', [path.join(ROOT, 'tools', 'make-sw'), dir], {encoding: 'utf8'}).trim();
}

async function caches(page) {
  return page.evaluate(async () => (await caches.keys()).sort());
}

run('update', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-releases-'));
  const A = path.join(tmp, 'A'), B = path.join(tmp, 'B'), C = path.join(tmp, 'C');
  copyRelease(A);
  copyRelease(B);
  copyRelease(C);
  const relA = stamp(A);
  fs.appendFileSync(path.join(B, 'app.css'), '\n/* release B */\n');
  const relB = stamp(B);
  // C: a release stamped, then one file changed after the stamp (a half-finished upload).
  fs.appendFileSync(path.join(C, 'app.css'), '\n/* release C */\n');
  const relC = stamp(C);
  fs.appendFileSync(path.join(C, 'boot.js'), '\n// changed after the stamp\n');
  check(relA !== relB && relB !== relC, `three release ids (${relA}, ${relB}, ${relC})`);

  const server = await startServer(A);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN'});
    const {page, errors} = await openApp(browser, server.url, {context: ctx});
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: 20000});
    check(await page.evaluate(() => window.cds.release) === relA, `running release A (${relA})`);
    check(JSON.stringify(await caches(page)) === JSON.stringify(['cds-' + relA]), 'one cache, A\'s');

    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    await typeInto(page, '##unit:name', 'Sở Nội vụ', {enter: false, whole: true});
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '90');
    await waitState(page, (s) => s.drafts.length === 1 && !s.drafts[0].dirty && s.drafts[0].seq > 0, 'autosave');

    // A half-uploaded release C is refused: the worker does not install, no banner.
    server.setRoot(C);
    const refused = await page.evaluate(async () => {
      try { await window.cds.swRegistration.update(); } catch (e) { return 'update threw: ' + e.message; }
      const reg = window.cds.swRegistration;
      for (let i = 0; i < 100 && reg.installing; i++) await new Promise((r) => setTimeout(r, 100));
      const b = document.getElementById('cds-banner'); return {waiting: !!reg.waiting, banner: !b.hidden, text: b.textContent};
    });
    check(refused.waiting === false && refused.banner === false, `a release whose files do not match its list is not installed (${JSON.stringify(refused)})`);
    check(JSON.stringify(await caches(page)) === JSON.stringify(['cds-' + relA]), 'and leaves no cache behind');

    // Release B appears on the server.
    server.setRoot(B);
    await page.evaluate(() => window.cds.swRegistration.update());
    await page.waitForFunction(() => window.cds.updateWaiting === true, null, {timeout: 20000});
    const banner = await page.evaluate(() => {
      const b = document.getElementById('cds-banner');
      return {hidden: b.hidden, text: b.textContent, h: b.getBoundingClientRect().height};
    });
    check(!banner.hidden && banner.text.includes('Có phiên bản mới — tải lại'), `the banner says "Có phiên bản mới — tải lại" (${banner.text})`);
    check(banner.h > 0 && banner.h < 120, `it is a strip, not a blocking dialog (${Math.round(banner.h)} px high)`);
    await screenshot(page, 'update-banner.png');

    // Non-blocking: release A keeps working, from A's files only, until the user chooses.
    await typeInto(page, '##in:4:ty_le', '80');
    let st = await state(page);
    check(st.draft.criteria['4'].score === 8.89, 'the form keeps working while the banner shows');
    const css = await page.evaluate(async () => (await fetch('app.css')).text());
    check(!css.includes('release B'), 'files still come from release A before the switch');
    check(JSON.stringify(await caches(page)) === JSON.stringify(['cds-' + relA, 'cds-' + relB].sort()), 'both caches exist while B waits');
    await waitState(page, (s) => !s.drafts[0].dirty, 'autosave of the edit');

    // The user accepts: the page reloads into B.
    const nav = page.waitForNavigation({timeout: 20000});
    await page.click('#cds-banner button');
    await nav;
    await page.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
    await page.evaluate(() => window.cds.ready);
    check(await page.evaluate(() => window.cds.release) === relB, `after the click the page runs release B (${relB})`);
    const cssB = await page.evaluate(async () => (await fetch('app.css')).text());
    check(cssB.includes('release B'), 'and its files are B\'s');
    await page.waitForFunction(async () => (await caches.keys()).length === 1, null, {timeout: 10000});
    check(JSON.stringify(await caches(page)) === JSON.stringify(['cds-' + relB]), 'A\'s cache is removed after the switch');
    st = await waitState(page, (s) => s.storage.loaded && s.drafts.length === 1, 'drafts after the update');
    check(st.drafts[0].unit === 'Sở Nội vụ' && Math.abs(st.drafts[0].total - (3.79 + 8.89)) < 1e-9,
          `the draft, including the edit made while the banner showed, is untouched (${st.drafts[0].total})`);
    check(await page.evaluate(() => document.getElementById('cds-banner').hidden), 'no banner after the switch');
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);

    // Offline after the update: B comes up from its cache.
    // Whatever the page still has in flight (B's precache after the switch, on a loaded machine)
    // reaches the server first: the count is taken once no request came for half a second.
    let served = server.log.length;
    for (const t0 = Date.now(); Date.now() - t0 < 15000;) {
      await page.waitForTimeout(500);
      if (server.log.length === served) break;
      served = server.log.length;
    }
    await ctx.setOffline(true);
    await page.reload();
    await page.evaluate(() => window.cds.ready);
    const release = await page.evaluate(() => window.cds.release);
    // Not counted: the check for a newer release — each start's serviceWorker.register('sw.js')
    // asks the server for the worker's script, a request the browser makes for the worker and
    // Chromium's emulated offline does not always stop (a real offline fails it quietly). Every
    // file the app starts from must come from the cache.
    const meanwhile = server.log.slice(served).filter((l) => !l.startsWith('GET /sw.js'));
    check(release === relB && meanwhile.length === 0,
          `offline, release B starts from its cache (release ${release}; served meanwhile: ${meanwhile.join(', ') || 'nothing'})`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
