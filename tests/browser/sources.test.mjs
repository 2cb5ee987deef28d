// Issue #20, "criteria sourced from outside the unit": the form shows "Nguồn số liệu: …" under a
// criterion whose figures the document says come from elsewhere (Sóc Trăng 2023, cấp huyện, 14:
// "Số liệu do Sở Công thương cung cấp"), on a phone card and in the desktop table, drawn whole
// (screenshots build/screenshots/sources-form-<size>.png: look at them); criterion 13 (the unit's
// own report) has no mark. And the layout report on the NQ57 form at 1366×768: no window's
// content runs past its right edge, wherever the form is scrolled.
import {launch, startServer, openApp, settle, check, run, waitState, clickRaw, scrollTo, screenshot, openForm as libOpenForm} from './lib.mjs';

async function openRubric(page, rubric) {
  await waitState(page, (s) => s.storage.loaded, 'storage loaded');
  await scrollTo(page, `##start:${rubric}`);
  await clickRaw(page, `##start:${rubric}`);
  await libOpenForm(page);
  await page.evaluate(() => window.cds.captureText(true));
  await settle(page);
}

const cutWindows = async (page) => (await page.evaluate(() => window.cds.layout())).filter((w) => w.overflow && !w.popup && !w.name.includes('##toast'));

run('sources', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    for (const [w, h, extra] of [[360, 640, {deviceScaleFactor: 2, isMobile: true, hasTouch: true}], [1366, 768, {deviceScaleFactor: 1}]]) {
      const ctx = await browser.newContext({viewport: {width: w, height: h}, locale: 'vi-VN', ...extra});
      const {page, errors} = await openApp(browser, server.url, {context: ctx});
      await openRubric(page, 'soctrang-2023-thidua-huyen');
      const it = await scrollTo(page, '##details:14');
      // Bring criterion 14's title near the top so its mark and the next criterion are on screen.
      await page.mouse.move(w / 2, h / 2);
      await page.mouse.wheel(0, Math.max(0, it.y - 200));
      await settle(page);
      const text = await page.evaluate(() => window.cds.text());
      check(text.includes('Nguồn số liệu: Sở Công thương'), `${w}×${h}: criterion 14 is marked "Nguồn số liệu: Sở Công thương"`);
      const cut = await cutWindows(page);
      check(cut.length === 0, `${w}×${h}: nothing runs past a window's right edge (${JSON.stringify(cut)})`);
      await screenshot(page, `sources-form-${w}x${h}.png`);
      // The details give the document's own words.
      await clickRaw(page, '##details:14');
      await settle(page);
      const details = await page.evaluate(() => window.cds.text());
      check(details.includes('Tài liệu kiểm chứng (theo văn bản)') && details.includes('Số liệu do Sở Công thương cung cấp'),
            `${w}×${h}: the details quote the document`);
      await screenshot(page, `sources-details-${w}x${h}.png`);
      check(errors.length === 0, `${w}×${h}: no page errors (${errors.join('; ')})`);
      await ctx.close();
    }

    // The layout report: NQ57 at 1366×768, the form's table scrolled from top to bottom.
    {
      const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', deviceScaleFactor: 1});
      const {page, errors} = await openApp(browser, server.url, {context: ctx});
      await openRubric(page, 'nhuthanh-2026-nq57');
      const seen = [];
      let last = '';
      for (let i = 0; i < 80; i++) {
        for (const c of await cutWindows(page)) seen.push(`${c.name}: ${Math.round(c.contentRight)} > ${Math.round(c.visibleRight)}`);
        const sig = JSON.stringify((await page.evaluate(() => window.cds.items())).filter((x) => x.visible).map((x) => x.raw + Math.round(x.y)));
        if (sig === last) break;
        last = sig;
        if (i === 0) await screenshot(page, 'sources-nq57-1366x768.png');
        await page.mouse.move(683, 400);
        await page.mouse.wheel(0, 600);
        await settle(page, 60);
      }
      check(seen.length === 0, `NQ57 at 1366×768: no window content past its right edge (${[...new Set(seen)].join('; ')})`);
      check(errors.length === 0, `NQ57: no page errors (${errors.join('; ')})`);
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
