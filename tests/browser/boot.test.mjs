// Issue: the app boots. Serves dist/ on loopback, waits for window.cds.ready, checks that no request
// left the page's origin, that Vietnamese is drawn with the bundled font (glyphs present, pixels
// drawn), that an idle page renders (almost) no frames once start-up work is done, and saves a screenshot under build/.
import {launch, startServer, openApp, crossOrigin, state, frames, screenshot, headerInk, check, run, waitState, settle, clickRaw, DIST} from './lib.mjs';
import {FIRST, FIRST_OPTIONAL, distFiles} from '../../tools/first-visit.mjs';

run('boot', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const {page, requests, errors, readyMs} = await openApp(browser, server.url);
    console.log(`time to ready: ${readyMs} ms`);
    const st = await state(page);
    check(st.screen === 'home', 'home screen shown');
    check(st.rubrics.length === 8, `8 bundled rubrics listed (${st.rubrics.length})`);
    // The unit edition starts from the rubric catalogue: every rubric listed with its title and
    // criteria count, none of the files read yet (each is fetched when first needed).
    check(st.rubrics.every((r) => r.id && r.title && r.criteria > 0 && r.waiting && !r.loaded),
          'the catalogue lists every rubric with its title and criteria, no file read yet');
    check(!requests.some((u) => /\/rubrics\/(?!index\.json)/.test(u)), 'no rubric file fetched at start (catalogue only)');
    // What make size counts as the first visit (tools/first-visit.mjs) is what the page fetched
    // before its first frame: nothing fetched is left out, nothing counted was not fetched.
    {
      const before = await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => e.startTime < window.cds.timing.ready).map((e) => new URL(e.name).pathname.slice(1)));
      before.push('index.html');
      const counted = distFiles(DIST).filter((f) => FIRST.test(f));
      const uncounted = before.filter((f) => !FIRST.test(f));
      const unfetched = counted.filter((f) => !before.includes(f) && !FIRST_OPTIONAL.has(f));
      check(uncounted.length === 0 && unfetched.length === 0,
            `the size report's first visit is what was fetched before the first frame (${before.length} files; fetched, not counted: ${uncounted.join(', ')}; counted, not fetched: ${unfetched.join(', ')})`);
    }
    check(st.vietnameseGlyphsMissing === 0, 'every Vietnamese letter is in the bundled font');
    // Something is drawn where the title is: the canvas is not blank.
    const inked = await headerInk(page);
    check(inked > 500, `title text is drawn (${inked} pixels of ink in the header band)`);
    // Idle: once start-up work has finished (storage read, service worker install, persistence
    // answer), nothing should draw.
    await waitState(page, (st) => st.storage.loaded, 'storage loaded');
    await page.waitForFunction(() => !navigator.serviceWorker || navigator.serviceWorker.controller, null, {timeout: 20000});
    await settle(page, 500);
    const f0 = await frames(page);
    await page.waitForTimeout(3000);
    const f1 = await frames(page);
    console.log(`frames over 3 idle seconds: ${f1 - f0}`);
    check(f1 - f0 <= 1, `idle page renders at most 1 frame in 3 s (rendered ${f1 - f0})`);
    const shot = await screenshot(page, 'boot-home-1366x768.png');

    // Frames that would paint what is shown are not drawn: the mouse moving over an empty part of
    // the page asks for a frame per move, ImGui builds each, and none reaches the GPU; the page
    // keeps showing the same pixels. A change (the pointer over a button) is drawn.
    {
      const shown = () => page.screenshot();
      const before = await shown();
      const counts = async () => { const st = await state(page); return [st.frames, st.framesDrawn]; };
      const [f0, d0] = await counts();
      for (let i = 0; i < 8; i++) await page.mouse.move(1300 - i * 3, 740);
      await settle(page);
      const [f1, d1] = await counts();
      console.log(`mouse moves over an empty area: ${f1 - f0} frames built, ${d1 - d0} drawn`);
      check(f1 - f0 >= 4 && d1 === d0, `frames painting the same pixels are built but not drawn (${f1 - f0} built, ${d1 - d0} drawn)`);
      check(Buffer.compare(before, await shown()) === 0, 'the page shows the same pixels after the frames not drawn');
      const button = (await page.evaluate(() => window.cds.items())).find((it) => it.visible && !it.text && it.y > 60 && it.h < 80 && it.w < 600);
      check(!!button, 'a button on the home screen to hover');
      await page.mouse.move(button.x + button.w / 2, button.y + button.h / 2);
      await settle(page);
      const [, d2] = await counts();
      check(d2 > d1, `the pointer over a button (hover colour) is drawn (${d2 - d1} frames)`);
      check(Buffer.compare(before, await shown()) !== 0, 'the hover shows');
      await page.mouse.move(1300, 740);
      await settle(page);
      check(await headerInk(page) > 500, 'the canvas is read after frames not drawn (a forced draw)');
      // A rebuilt glyph atlas (A+, then A− back) and a theme there and back: what is shown is
      // drawn again each time and ends as it began, pixel for pixel.
      const home = await shown();
      const step = async (raw) => { await clickRaw(page, raw); await page.mouse.move(1300, 740); await settle(page); return shown(); };
      const larger = await step('A+##larger');
      const back = await step('A−##smaller');
      check(Buffer.compare(home, larger) !== 0 && Buffer.compare(home, back) === 0, 'A+ then A−: the larger text is shown, then the page exactly as before');
      const dark = await step('Giao diện tối##theme');
      const themeRaw = async () => (await page.evaluate(() => window.cds.items())).find((i) => i.raw.endsWith('##theme')).raw;
      const contrast = await step(await themeRaw());
      const light = await step(await themeRaw());
      check(Buffer.compare(home, dark) !== 0 && Buffer.compare(dark, contrast) !== 0 && Buffer.compare(home, light) === 0,
            'the three themes in turn are each shown, and the light one again exactly as before');
    }

    // The office edition starts from the catalogue alone too, and reads every rubric when "Tổng
    // hợp" opens: each loads and lints clean in the browser, and what the catalogue said of it
    // (criteria count, title) is what the file says.
    {
      const office = await openApp(browser, server.url + '?office');
      const officeRequests = [];
      office.page.on('request', (r) => officeRequests.push(r.url()));
      let ost = await state(office.page);
      check(office.page.url().endsWith('?office') && await office.page.evaluate(() => window.cds.edition) === 'office', 'index.html?office runs the office edition');
      check(ost.rubrics.length === 8 && ost.rubrics.every((r) => r.waiting && !r.loaded), 'the office edition starts from the catalogue alone');
      await clickRaw(office.page, '##aggregate');
      ost = await waitState(office.page, (s) => s.screen === 'aggregate' && s.rubrics.every((r) => r.loaded), '"Tổng hợp" reads every rubric');
      check(officeRequests.filter((u) => /\/rubrics\/(?!index\.json)/.test(u)).length === 8, `"Tổng hợp" fetched the eight rubric files (${officeRequests.length} requests)`);
      check(ost.rubrics.length === 8 && ost.rubrics.every((r) => r.loaded && !r.waiting && r.problems === 0),
            'the office edition: every bundled rubric loads and lints clean in the browser');
      for (const r of ost.rubrics) {
        const c = st.rubrics.find((x) => x.file === r.file);
        check(c && c.criteria === r.criteria && c.title === r.title && c.id === r.id,
              `the catalogue agrees with ${r.file} (${c && c.criteria} / ${r.criteria} criteria)`);
      }
      check(office.errors.length === 0, `office edition: no page errors (${office.errors.join(' | ')})`);
      await office.ctx.close();
    }
    console.log(`screenshot: ${shot}`);
    const foreign = crossOrigin(requests, server.url);
    check(foreign.length === 0, `no request left the page's origin (${requests.length} requests, foreign: ${foreign.join(', ')})`);
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
  }
});
