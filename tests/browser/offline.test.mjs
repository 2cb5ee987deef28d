// Issue: offline-first delivery. Over a loopback server: the service worker takes control, a draft is
// saved, the context goes offline and the page reloads — the app is ready again from the cache, the
// draft is intact and the server saw no request. Every request of the load and of a scripted session
// goes to the page's own origin; the Content-Security-Policy blocks any other; the page passes
// Chromium's installability check; a lost WebGL context is re-created and drawn again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {launch, launchPersistent, startServer, openApp, state, check, run, clickRaw, typeInto, waitState, settle, frames,
  crossOrigin, screenshot, DIST, goHome, openForm, startDraft} from './lib.mjs';

run('offline', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    // Every request of the context, service worker included.
    const all = [];
    ctx.on('request', (r) => all.push(r.url()));
    const {page, readyMs, errors} = await openApp(browser, server.url, {context: ctx});
    console.log(`# navigation to ready (loopback, first visit): ${readyMs} ms`);

    // The service worker installs, precaches the release and takes control.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: 20000});
    const sw = await page.evaluate(async () => {
      const keys = await caches.keys();
      const c = await caches.open(keys[0]);
      return {keys, cached: (await c.keys()).map((r) => new URL(r.url).pathname), release: window.cds.release,
              offline: window.cds.offline};
    });
    check(sw.keys.length === 1 && sw.keys[0] === 'cds-' + sw.release, `one cache, named after the release (${sw.keys.join(', ')})`);
    for (const f of ['/', '/index.html', '/boot.js', '/cds.js', '/cds.wasm', '/app.css', '/fonts/NotoSans-Regular-vi.ttf',
                     '/rubrics/index.json', '/manifest.webmanifest', '/icons/icon-192.png',
                     '/cds-office.js', '/cds-office.wasm', '/cds-xlsx.js', '/cds-xlsx.wasm']) {
      check(sw.cached.includes(f), `precached: ${f}`);
    }
    check(!sw.cached.includes('/cds-offline.html'), 'the single-file build is not precached (it is a download)');
    check(sw.offline === 'ready', 'window.cds.offline is "ready"');
    // The worker's install revalidates what the page has just loaded: the big files travel once.
    const full = server.log.filter((l) => / 200 \d+( gzip \d+)?$/.test(l));
    const sent = full.reduce((n, l) => n + Number(l.split(' ').pop()), 0);  // bytes on the wire (gzip where sent so)
    const wasmFull = full.filter((l) => l.startsWith('GET /cds.wasm ')).length;
    console.log(`# first visit: ${server.log.length} requests, ${full.length} full responses, ${sent} bytes on the wire` +
                `, ${server.log.length - full.length} answered 304`);
    check(wasmFull === 1, `cds.wasm crosses the network once on the first visit (${wasmFull})`);

    // A draft, saved before going offline.
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    await startDraft(page, 'soctrang-2023-thidua-tinh');
    await typeInto(page, '##unit:name', 'Ủy ban nhân dân xã Mỹ Hương', {enter: false, whole: true});
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '90');
    let st = await waitState(page, (s) => s.drafts.length === 1 && !s.drafts[0].dirty && s.drafts[0].seq > 0, 'autosave');
    check(st.draft.criteria['3'].score === 3.79, 'criterion 3 scored 3,79 before going offline');

    // Offline: reload is served by the service worker alone.
    const served = server.log.length;
    await ctx.setOffline(true);
    const t0 = Date.now();
    await page.reload();
    await page.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
    await page.evaluate(() => window.cds.ready);
    const offlineMs = Date.now() - t0;
    console.log(`# reload to ready offline, from the service worker cache: ${offlineMs} ms`);
    check(server.log.length === served, `the server saw no request while offline (${server.log.length - served})`);
    st = await waitState(page, (s) => s.storage.loaded && s.drafts.length === 1, 'drafts restored offline');
    check(st.drafts[0].unit === 'Ủy ban nhân dân xã Mỹ Hương', `the draft is still there offline (${st.drafts[0].unit})`);
    check(Math.abs(st.drafts[0].total - 3.79) < 1e-9, `and its total is intact (${st.drafts[0].total})`);

    // Work goes on offline: open the draft, answer one more criterion, it is scored and saved.
    await goHome(page);  // the reload returned to the screen in use
    await clickRaw(page, '##0:resume');
    st = await state(page);
    if (st.screen === 'unit') await openForm(page);
    await typeInto(page, '##in:4:ty_le', '80');
    st = await waitState(page, (s) => s.draft && s.draft.criteria['4'].score === 8.89 && !s.drafts[0].dirty, 'scored and saved offline');
    check(true, 'a criterion answered offline is scored (8,89) and saved');
    // Offline reload again: the new answer survived.
    await page.reload();
    await page.evaluate(() => window.cds.ready);
    st = await waitState(page, (s) => s.storage.loaded && s.drafts.length === 1, 'drafts restored offline (2)');
    check(Math.abs(st.drafts[0].total - (3.79 + 8.89)) < 1e-9, `the offline edit survives an offline reload (${st.drafts[0].total})`);
    // The single-file build is a download from the server: offline that says so plainly; online it works.
    // The office edition and the Excel module were precached after the first frame: both work
    // offline too (index.html?office is answered by the same cache).
    {
      const servedBefore = server.log.length;
      const office = await ctx.newPage();
      await office.goto(server.url + '?office');
      await office.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
      await office.evaluate(() => window.cds.ready);
      await office.waitForFunction(() => window.cds.state().storage.loaded, null, {timeout: 10000});
      const ost = await office.evaluate(() => ({edition: window.cds.edition, st: window.cds.state()}));
      check(ost.edition === 'office' && ost.st.drafts.length === 1, `offline, ?office opens the office edition and sees the same drafts (${ost.st.drafts.length})`);
      // "Tổng hợp" reads every rubric as it opens: offline, from the cache.
      await clickRaw(office, '##aggregate');
      const agg = await waitState(office, (s) => s.screen === 'aggregate' && s.rubrics.every((r) => r.loaded), 'offline, Tổng hợp reads every rubric', 20000);
      check(agg.rubrics.length === 8 && agg.rubrics.every((r) => r.problems === 0), `offline, "Tổng hợp" has every rubric from the cache (${agg.rubrics.length})`);
      check(server.log.length === servedBefore, `the office edition came from the cache (${server.log.length - servedBefore} requests to the server)`);
      await office.close();
    }
    await page.reload();
    await page.evaluate(() => window.cds.ready);
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    await goHome(page);  // the reload returned to the form
    const errorsBeforeDownload = errors.length;
    await clickRaw(page, '##offline-file');
    await page.waitForFunction(() => !document.getElementById('cds-banner').hidden, null, {timeout: 5000});
    const downloadErrors = errors.splice(errorsBeforeDownload);
    check(downloadErrors.every((e) => /net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(e)), 'the failed download is the only console error');
    const offBanner = await page.evaluate(() => document.getElementById('cds-banner').textContent);
    check(offBanner.includes('Không tải được bản một tệp'), `offline, "Tải bản một tệp" explains it needs the server ("${offBanner.slice(0, 60)}…")`);
    await page.click('#cds-banner button[aria-label]');
    await ctx.setOffline(false);
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 10000}), clickRaw(page, '##offline-file')]);
    check(dl.suggestedFilename() === 'cds-offline.html', 'online, "Tải bản một tệp" downloads cds-offline.html');

    // Nothing left the page's own origin, through the load, the session and the service worker.
    const foreign = crossOrigin(all, server.url);
    check(foreign.length === 0, `${all.length} requests, all to the page's own origin${foreign.length ? ': ' + foreign.join(', ') : ''}`);
    const release = JSON.parse(fs.readFileSync(path.join(DIST, 'release.json'), 'utf8'));
    const known = new Set(['/', '/cds-offline.html'].concat(release.files.map((f) => '/' + f.path)));
    const paths = [...new Set(server.log.map((l) => l.split(' ')[1]))];
    const unknown = paths.filter((p) => !known.has(p));
    check(unknown.length === 0, `the server was asked only for files of the release (${paths.length} paths${unknown.length ? '; unknown: ' + unknown.join(', ') : ''})`);

    // The Content-Security-Policy forbids connections to anything else, even from injected script.
    const errorsBefore = errors.length;
    const blocked = await page.evaluate(async () => {
      const seen = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
      let fetched = 'allowed';
      try { await fetch('http://127.0.0.1:9/x'); } catch (e) { fetched = 'blocked'; }
      const img = new Image();
      img.src = 'https://cds.invalid/pixel.png';
      await new Promise((r) => setTimeout(r, 200));
      return {fetched, seen};
    });
    check(blocked.fetched === 'blocked' && blocked.seen.some((d) => d.startsWith('connect-src')),
          `CSP blocks fetch to another origin (${blocked.seen.join(', ')})`);
    check(blocked.seen.some((d) => d.startsWith('img-src')), 'CSP blocks images from another origin');
    const probeErrors = errors.splice(errorsBefore);
    check(probeErrors.every((e) => e.includes('127.0.0.1:9') || e.includes('cds.invalid')), 'the only console errors are the probe\'s own');

    // WebGL context loss: the context is re-created and the same picture drawn again, unprompted.
    await page.mouse.move(1200, 740);  // away from any button (no hover, no tooltip)
    await page.waitForTimeout(800);
    await settle(page);
    const shotBefore = await page.screenshot();
    const before = await frames(page);
    const lost = await page.evaluate(async () => {
      const gl = document.getElementById('canvas').getContext('webgl');
      const ext = gl && gl.getExtension('WEBGL_lose_context');
      if (!ext) return 'no extension';
      ext.loseContext();
      await new Promise((r) => setTimeout(r, 300));
      const wasLost = gl.isContextLost();
      ext.restoreContext();
      await new Promise((r) => setTimeout(r, 500));
      return wasLost ? 'restored' : 'never lost';
    });
    check(lost === 'restored', `WebGL context lost, then restored (${lost})`);
    await settle(page);
    const after = await frames(page);
    check(after > before, `the app draws again by itself after the context comes back (${before} → ${after} frames)`);
    const shotAfter = await page.screenshot();
    check(Buffer.compare(shotBefore, shotAfter) === 0, 'the redrawn page is pixel-identical to the page before the loss');
    await goHome(page);  // the reload returned to the screen in use
    await clickRaw(page, '##0:resume');
    st = await state(page);
    check(st.screen === 'unit' || st.screen === 'form', `the app still responds after context loss (screen ${st.screen})`);
    await screenshot(page, 'offline-after-context-loss.png');
    check(errors.length === 0,
          `no page errors (${errors.join(' | ')})`);

    // Installable: Chromium's own checks (manifest, icons, service worker, start URL), in a normal
    // (not incognito) profile as a user would have.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-profile-'));
    const pctx = await launchPersistent(profile);
    try {
      const ppage = pctx.pages()[0] || await pctx.newPage();
      await ppage.goto(server.url);
      await ppage.evaluate(() => window.cds.ready);
      await ppage.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: 20000});
      const cdp = await pctx.newCDPSession(ppage);
      const inst = await cdp.send('Page.getInstallabilityErrors');
      check(inst.installabilityErrors.length === 0,
            `installable (errors: ${JSON.stringify(inst.installabilityErrors.map((e) => e.errorId))})`);
      const man = await cdp.send('Page.getAppManifest');
      check(man.errors.length === 0 && man.url.endsWith('/manifest.webmanifest'), `manifest parses cleanly (${man.errors.length} errors)`);
      const parsed = JSON.parse(man.data);
      check(parsed.display === 'standalone' && parsed.icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable'),
            'standalone display with a maskable icon');
      // Opened as the installed app would be (its start URL), offline: it comes up from the cache.
      await pctx.setOffline(true);
      const app = await pctx.newPage();
      await app.goto(new URL(parsed.start_url || './', server.url).href);
      await app.evaluate(() => window.cds.ready);
      check(true, 'the start URL opens offline in the installing profile');
    } finally {
      await pctx.close();
      fs.rmSync(profile, {recursive: true, force: true});
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
