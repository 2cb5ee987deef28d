// Issue: plain HTTP (a government intranet server without HTTPS). The same dist/ served as
// http://cds-intranet.test (not localhost, so not a secure context): no service worker is attempted,
// the page says that offline use needs HTTPS or the single-file build, and the app itself works and
// still saves drafts.
import fs from 'node:fs';
import {launch, startServer, openApp, check, run, clickRaw, typeInto, waitState, screenshot, openForm} from './lib.mjs';

run('insecure', async () => {
  const server = await startServer();
  const browser = await launch(['--host-resolver-rules=MAP cds-intranet.test 127.0.0.1']);
  try {
    const base = `http://cds-intranet.test:${server.port}/`;
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    const {page, errors, readyMs} = await openApp(browser, base, {context: ctx});
    console.log(`# plain-HTTP navigation to ready: ${readyMs} ms`);
    const info = await page.evaluate(() => ({
      secure: window.isSecureContext, offline: window.cds.offline, banner: document.getElementById('cds-banner').textContent,
      hidden: document.getElementById('cds-banner').hidden, sw: 'serviceWorker' in navigator,
    }));
    check(info.secure === false, 'the page is not a secure context');
    check(info.offline === 'insecure', `window.cds.offline is "insecure" (${info.offline})`);
    check(!info.hidden && info.banner.includes('HTTPS') && info.banner.includes('cds-offline.html'),
          `the page says offline use needs HTTPS or the single file: "${info.banner}"`);
    check(!server.log.some((l) => l.endsWith('/sw.js')), 'no service worker is requested');
    let st = await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    check(st.storage.secure === false && st.storage.failed === false, 'storage still works over plain HTTP');
    await screenshot(page, 'insecure-http.png');

    // The app works: a draft is scored and saved.
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '90');
    st = await waitState(page, (s) => s.drafts.length === 1 && !s.drafts[0].dirty && s.drafts[0].seq > 0, 'autosave');
    check(st.draft.criteria['3'].score === 3.79, 'scored and saved over plain HTTP');

    // The banner's button downloads the single-file build from this server.
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 10000}), page.click('#cds-banner button:not([aria-label])')]);
    const size = fs.statSync(await dl.path()).size;
    check(dl.suggestedFilename() === 'cds-offline.html' && size > 1000000, `"Tải bản một tệp" downloads cds-offline.html (${size} bytes)`);

    // The banner closes and stays out of the way.
    await page.click('#cds-banner button[aria-label]');
    check(await page.evaluate(() => document.getElementById('cds-banner').hidden), 'the notice can be closed');
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
  }
});
