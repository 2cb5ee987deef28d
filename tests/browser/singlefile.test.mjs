// Issue: the single-file build. dist/cds-offline.html opened through a file:// URL, no server at all:
// ready resolves, a rubric is chosen and scored, the draft survives a reload where the browser lets
// file:// pages store data (Chromium does), and every request stays inside the file (data:/blob:).
// Then the same file in a browser that refuses storage to file:// pages (IndexedDB throwing, as in
// some Firefox and Safari settings): the page says plainly that drafts are not saved and to export.
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import {launch, openApp, state, check, run, clickRaw, typeInto, waitState, settle, screenshot, scrollTo, DIST, goHome, openForm} from './lib.mjs';

async function openFile(browser, fileUrl, {initScript = null} = {}) {
  const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
  if (initScript) await ctx.addInitScript(initScript);
  return openApp(browser, fileUrl, {context: ctx});
}

run('singlefile', async () => {
  const file = path.join(DIST, 'cds-offline.html');
  check(fs.existsSync(file), `${file} exists`);
  const html = fs.readFileSync(file, 'utf8');
  check(!/<script[^>]+src=|<link[^>]+href="(?!data:)/.test(html), 'the file references no other file (no script src, no link href)');
  check(/connect-src 'none'/.test(html) && /default-src 'none'/.test(html), 'its CSP allows no network at all');
  const fileUrl = url.pathToFileURL(file).href;
  const browser = await launch();
  try {
    let {ctx, page, requests, errors, readyMs} = await openFile(browser, fileUrl);
    console.log(`# file:// navigation to ready: ${readyMs} ms (${(html.length / 1048576).toFixed(2)} MiB of HTML)`);
    let st = await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    check(st.storage.fileUrl === true, 'the app knows it runs from a file');
    check(await page.evaluate(() => window.cds.offline) === 'single-file', 'no service worker is attempted from file://');
    check(st.rubrics && st.rubrics.length >= 8, `the inlined rubrics are all there (${st.rubrics && st.rubrics.length})`);

    // Score a rubric.
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    await typeInto(page, '##unit:name', 'Phòng Văn hóa và Thông tin huyện Kế Sách', {enter: false, whole: true});
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '90');
    await scrollTo(page, 'Có##in:7:co_kiem_tra:yes');
    await clickRaw(page, 'Có##in:7:co_kiem_tra:yes');
    st = await state(page);
    check(st.draft.criteria['3'].score === 3.79 && st.draft.criteria['7'].score === 2,
          `scored from file://: 3,79 and 2 (got ${st.draft.criteria['3'].score}, ${st.draft.criteria['7'].score})`);
    check(Math.abs(st.draft.total - 5.79) < 1e-9, `total 5,79 (got ${st.draft.total})`);
    check(st.rubrics.every((r) => r.loaded && !r.waiting), 'every inlined rubric is read at start (nothing to fetch from a file)');
    // The single file leaves the Excel module out: the button says so and points to CSV.
    await clickRaw(page, 'Excel');
    st = await waitState(page, (s) => s.toast.includes('Excel'), 'the Excel button answers');
    check(st.toast.includes('bản một tệp không kèm phần tạo tệp Excel') && st.toast.includes('CSV'),
          `Excel in the single file explains itself (${st.toast})`);

    // Chromium lets file:// pages use IndexedDB: the draft survives a reload.
    check(st.storage.failed === false, 'Chromium allows storage for this file:// page');
    await waitState(page, (s) => s.drafts.length === 1 && !s.drafts[0].dirty && s.drafts[0].seq > 0, 'autosave');
    await page.reload();
    await page.evaluate(() => window.cds.ready);
    st = await waitState(page, (s) => s.storage.loaded && s.drafts.length === 1, 'drafts restored');
    check(st.drafts[0].unit === 'Phòng Văn hóa và Thông tin huyện Kế Sách' && Math.abs(st.drafts[0].total - 5.79) < 1e-9,
          'the draft survives a reload of the file');

    // Export works from file:// (a download, no server).
    await goHome(page);  // the reload returned to the screen in use
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 10000}), clickRaw(page, '##0:export')]);
    const exported = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
    check(exported.unit && exported.unit.name === 'Phòng Văn hóa và Thông tin huyện Kế Sách',
          `export works from file:// (${dl.suggestedFilename()})`);
    const outside = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && u !== fileUrl);
    check(outside.length === 0, `${requests.length} requests, none outside the file${outside.length ? ': ' + outside.join(', ') : ''}`);
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
    await screenshot(page, 'singlefile.png');
    await ctx.close();

    // A browser that refuses storage to file:// pages: the page says so and points to export.
    ({ctx, page, errors} = await openFile(browser, fileUrl, {initScript: () => {
      Object.defineProperty(window, 'indexedDB', {get() { throw new DOMException('file:// storage refused', 'SecurityError'); }});
    }}));
    st = await waitState(page, (s) => s.storage.failed === true, 'storage marked as failed');
    check(st.storage.failed, 'storage refusal is detected at start, not at the first save');
    const toast = await page.evaluate(() => window.cds.state().toast);
    check(toast.includes('không cho lưu bản nháp') && toast.includes('Hãy xuất bản nháp ra tệp'),
          `the page says plainly that drafts are not kept and to export them ("${toast}")`);
    await screenshot(page, 'singlefile-no-storage-home.png');
    // The app still works: a rubric can be scored, and nothing crashes.
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '90');
    st = await state(page);
    check(st.draft.criteria['3'].score === 3.79, 'scoring works without storage');
    await settle(page);
    await screenshot(page, 'singlefile-no-storage.png');
    check(errors.filter((e) => !e.includes('file:// storage refused')).length === 0, `no other page errors (${errors.join(' | ')})`);
    await ctx.close();
  } finally {
    await browser.close();
  }
});
