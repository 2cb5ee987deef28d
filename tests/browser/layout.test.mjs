// Issue #18: the app as a clerk sees it, on a 360×640 touch phone (deviceScaleFactor 2) and a
// 1366×768 PC, with an English-language browser. Every screen is visited; on each the test fails on
//   * a window whose content (text or widget) runs past its right edge without a scrollbar,
//   * a widget reaching past the viewport's right edge,
//   * on the phone, a touch target under 44 CSS px,
//   * English words, ISO times or hashes on a Vietnamese screen,
// and, once per size: a number or date field that does not ask for the decimal keyboard
// (inputmode), the browser's Back leaving the app instead of going back a screen, and a reload not
// returning to the screen and criterion being edited. A screenshot of every screen at both sizes
// goes to build/screenshots/layout-<screen>-<size>.png (look at them).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launch, startServer, openApp, state, items, settle, screenshot, check, run, waitState, findRaw, scrollTo, goHome, ROOT} from './lib.mjs';

const SIZES = [
  {name: '360x640', viewport: {width: 360, height: 640}, deviceScaleFactor: 2, isMobile: true, hasTouch: true, phone: true},
  {name: '1366x768', viewport: {width: 1366, height: 768}, deviceScaleFactor: 1, isMobile: false, hasTouch: false, phone: false},
];

// Words that must not appear on a Vietnamese screen (UI English and machine words).
const ENGLISH = ['preparer', 'Preparer', 'head:', 'Failed', 'Error', 'error:', 'Score', 'Total', 'Submit', 'Verify', 'Home',
  'Cancel', 'Delete', 'Export', 'Import', 'Loading', 'undefined', 'null', 'NaN', 'true', 'false', 'signatures[', 'sha256',
  'Light', 'Dark', 'Contrast', 'Options', 'Actions', 'Back'];
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const HEX = /\b[0-9a-f]{32,}\b/i;

async function press(page, size, raw) {
  const it = await scrollTo(page, raw);
  if (size.phone) await page.touchscreen.tap(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  else await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  await settle(page);
  return it;
}

// Checks one screen; returns the list of problems (all of them, so one run shows everything).
async function inspect(page, size, screen, {english = false} = {}) {
  await settle(page);
  const problems = [];
  const vw = size.viewport.width;
  const layout = await page.evaluate(() => window.cds.layout());
  // The toast takes no input (taps go through it): not a touch target.
  const all = (await items(page)).filter((i) => i.visible && i.h > 1 && i.window !== 'Debug##Default' && !String(i.window).includes('##toast'));
  // A multi-line text field (notes) is a child window that scrolls sideways with the caret: not a cut.
  const multiline = (w) => /^##(note:|agg:note)/.test(w.name.split('/').pop());
  for (const w of layout) {
    // A menu or dialog must fit the screen itself (it has no parent to scroll).
    if (w.popup && w.x + w.w > vw + 1) problems.push(`popup "${w.name}" reaches x=${Math.round(w.x + w.w)} past the ${vw} px viewport`);
    if (w.popup || w.name.includes('##toast') || w.name === 'Debug##Default' || multiline(w)) continue;
    if (w.overflow) problems.push(`window "${w.name}" content runs to x=${Math.round(w.contentRight)} past its edge ${Math.round(w.visibleRight)}`);
  }
  for (const it of all) {
    if (it.right > vw + 1) problems.push(`"${it.raw}" reaches x=${Math.round(it.right)} past the ${vw} px viewport`);
    if (size.phone && it.fullH < 43.5 && it.y + it.h < size.viewport.height) {
      problems.push(`touch target "${it.raw}" is ${Math.round(it.w)}×${Math.round(it.fullH)} px (< 44)`);
    }
  }
  const text = english ? '' : await page.evaluate(() => window.cds.text());
  for (const w of ENGLISH) {
    const re = new RegExp(`(^|[^\\p{L}])${w.replace(/[[\]]/g, '\\$&')}($|[^\\p{L}])`, 'u');
    if (re.test(text)) problems.push(`English "${w}" on a Vietnamese screen: …${text.slice(Math.max(0, text.search(re) - 30), text.search(re) + 40).replace(/\n/g, ' ⏎ ')}…`);
  }
  if (ISO_TIME.test(text)) problems.push(`ISO time on screen: ${text.match(ISO_TIME)[0]}`);
  if (HEX.test(text)) problems.push(`hash on screen: ${text.match(HEX)[0].slice(0, 16)}…`);
  await screenshot(page, `layout-${screen}-${size.name}.png`);
  return problems.map((p) => `[${size.name} ${screen}] ${p}`);
}

run('layout', async () => {
  // Twelve signed submissions of one rubric (some invalid, superseded, duplicated: cds-gen's mix).
  const gen = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-layout-'));
  execFileSync(path.join(ROOT, 'build', 'native', 'bin', 'cds-gen'),
               ['--rubric', path.join(ROOT, 'assets', 'rubrics', 'soctrang-2023-thidua-xa.json'), '--n', '12', '--out', gen, '--seed', '7', '--quiet']);
  const server = await startServer();
  const browser = await launch(['--lang=en-US']);
  const problems = [];
  try {
    for (const size of SIZES) {
      // An English-language browser: the app must still start in Vietnamese.
      const ctx = await browser.newContext({viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, isMobile: size.isMobile,
                                            hasTouch: size.hasTouch, locale: 'en-US', acceptDownloads: true});
      const {page, errors} = await openApp(browser, server.url, {context: ctx});
      await page.evaluate(() => window.cds.captureText(true));
      let st = await waitState(page, (s) => s.storage.loaded, 'storage loaded');
      check(st.lang === 'vi', `${size.name}: an English-language browser opens the app in Vietnamese`);
      problems.push(...await inspect(page, size, 'home'));
      if (size.phone) {
        await press(page, size, 'Tùy chọn##settings');
        problems.push(...await inspect(page, size, 'settings-menu'));
        await page.keyboard.press('Escape');
        await page.touchscreen.tap(10, 600);
        await settle(page);
        // The header at the largest text: the title and "Tùy chọn" share the row while they fit,
        // and the button goes to the next line rather than run over the title (it once did).
        const header = async () => (await page.evaluate(() => window.cds.text())).split('\n').slice(0, 2).join(' ⏎ ');
        const oneRow = await header();
        check(/^cds — Chấm điểm CĐS +\[ Tùy chọn \]/.test(oneRow), `360 px: the title and "Tùy chọn" on one row (${oneRow})`);
        const textSize = async (raw, want) => {
          for (let i = 0; i < 10 && (await state(page)).textScale !== want; i++) {
            await press(page, size, 'Tùy chọn##settings');
            await press(page, size, raw);
            await page.keyboard.press('Escape');
            await page.touchscreen.tap(10, 600);
            await settle(page);
          }
          check((await state(page)).textScale === want, `360 px: text size ${want}`);
        };
        await textSize('##larger', 2);
        const twoRows = await header();
        const button = (await items(page)).find((i) => i.raw === 'Tùy chọn##settings');
        check(/^cds — Chấm điểm CĐS ⏎ \[ Tùy chọn \]/.test(twoRows) && button.right <= size.viewport.width,
              `360 px, the largest text: "Tùy chọn" below the title, not over it (${twoRows}; its right edge ${Math.round(button.right)})`);
        problems.push(...await inspect(page, size, 'home-largest-text'));
        // In English too ("Start a new self-assessment" ran 15 px past the home screen's edge).
        const english = async (raw) => {
          await press(page, size, '##settings');
          await press(page, size, raw);
          await page.keyboard.press('Escape');
          await page.touchscreen.tap(10, 600);
          await settle(page);
        };
        await english('English##lang');
        check((await state(page)).lang === 'en', '360 px: English');
        problems.push(...await inspect(page, size, 'home-largest-text-en', {english: true}));
        await english('Tiếng Việt##lang');
        check((await state(page)).lang === 'vi', '360 px: Vietnamese again');
        // The menu's full-width rows with the popup's padding and scrollbar at this size (the
        // form's menu, the same rows, reached 10 px past the screen).
        await press(page, size, 'Tùy chọn##settings');
        problems.push(...await inspect(page, size, 'settings-menu-largest-text'));
        await page.keyboard.press('Escape');
        await page.touchscreen.tap(10, 600);
        await settle(page);
        // Two screens whose toolbar ran past the edge at this size ("Mở tệp bài nộp…", "Mở phiếu
        // phân công…"): a button that does not fit takes a new row. And one whose button alone is
        // wider than the phone ("Mở bản cho cơ quan tiếp nhận"): its label wraps inside it.
        for (const [raw, screen, back] of [['##verify', 'verify', '← Trang chủ'], ['##parts', 'parts', '##parts:back'],
                                           ['##aggregate', 'aggregate', '##office:back']]) {
          await press(page, size, raw);
          await waitState(page, (s) => s.screen === screen, `${screen} screen`);
          problems.push(...await inspect(page, size, `${screen}-largest-text`));
          await press(page, size, back);
          await waitState(page, (s) => s.screen === 'home', 'home again');
        }
        await textSize('##smaller', 1);
      }

      // A draft: unit screen, then the form.
      await press(page, size, '##start:soctrang-2023-thidua-xa');
      st = await waitState(page, (s) => s.screen === 'unit', 'unit screen');
      problems.push(...await inspect(page, size, 'unit'));
      await press(page, size, '##unit:name');
      await page.keyboard.type('UBND xã Đại Hải');
      await press(page, size, '##unit:enter-form');
      st = await waitState(page, (s) => s.screen === 'form', 'form screen');

      // Number fields ask for the decimal keyboard.
      await press(page, size, '##in:3:ty_le');
      const mode = await page.evaluate(() => document.getElementById('cds-text-agent').inputMode);
      check(mode === 'decimal', `${size.name}: a percent field opens the decimal keyboard (inputmode="${mode}")`);
      if (size.phone) {
        // The on-screen keyboard takes half the screen: the field being typed into stays visible.
        await page.setViewportSize({width: 360, height: 330});
        await settle(page);
        const f = (await items(page)).find((i) => i.raw.endsWith('##in:3:ty_le'));
        check(f && f.visible && f.y >= 0 && f.y + f.h <= 330, `360x330 (keyboard up): the active field is in view (y=${f && Math.round(f.y)})`);
        await page.setViewportSize(size.viewport);
        await settle(page);
      }
      // A value that is not a number: the field itself says why (not only "Số liệu sai").
      await page.keyboard.type('5x5');
      await page.keyboard.press('Enter');
      await settle(page);
      st = await state(page);
      const why = await page.evaluate(() => window.cds.text());
      check(st.draft.criteria['3'].status === 'invalid' && /✕ [^\n]*(số|Số)/.test(why), `${size.name}: a bad value is explained at its field`);
      await press(page, size, '##in:3:ty_le');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('55');
      await page.keyboard.press('Enter');
      await settle(page);
      st = await state(page);
      check(st.draft.criteria['3'].status === 'answered', `${size.name}: fixed value accepted`);
      // A text field goes back to the text keyboard.
      await press(page, size, '##details:3');
      problems.push(...await inspect(page, size, 'form'));
      if (!size.phone) {
        // The table at the largest text (A+, as on a tablet): its headings ran into each other and
        // past the edge, and "▶ Cách tính · ⚠ ghi chú" was wider than its column.
        for (let i = 0; i < 12 && (await state(page)).textScale !== 2; i++) await press(page, size, 'A+##larger');
        check((await state(page)).textScale === 2, `${size.name}: text size 2`);
        problems.push(...await inspect(page, size, 'form-largest-text'));
        for (let i = 0; i < 12 && (await state(page)).textScale !== 1; i++) await press(page, size, 'A−##smaller');
        check((await state(page)).textScale === 1, `${size.name}: text size 1 again`);
      }
      await press(page, size, '##note:3');
      const mode2 = await page.evaluate(() => document.getElementById('cds-text-agent').inputMode);
      check(mode2 === 'text', `${size.name}: a note field uses the text keyboard (inputmode="${mode2}")`);
      await page.keyboard.press('Escape');
      await settle(page);

      // Reload returns to the form, at criterion 3.
      await page.waitForTimeout(400);
      await page.reload();
      await page.evaluate(() => window.cds.ready);
      await page.evaluate(() => window.cds.captureText(true));
      st = await waitState(page, (s) => s.storage.loaded && s.screen === 'form', 'reload returns to the form', 10000);
      const crit3 = await findRaw(page, '##in:3:ty_le', {timeout: 3000}).catch(() => null);
      check(st.screen === 'form' && crit3 !== null, `${size.name}: reload returns to the form with criterion 3 in view`);

      // Search by code and by words without diacritics (on the phone, opened from the actions menu).
      if (size.phone) {
        await press(page, size, '##actions');
        await press(page, size, '##find');
      }
      await press(page, size, '##form-search');
      await page.keyboard.type('dich vu cong');
      await settle(page);
      st = await state(page);
      check(st.draft.found > 0, `${size.name}: search "dich vu cong" (no diacritics) finds criteria (${st.draft.found})`);
      problems.push(...await inspect(page, size, 'form-search'));
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Enter');
      await settle(page);

      if (!size.phone) {
        // The unit's self-assessment as an Excel workbook, made in the page.
        const [dl] = await Promise.all([page.waitForEvent('download'), press(page, size, 'Excel')]);
        const file = await dl.path();
        const bytes = (await import('node:fs')).readFileSync(file);
        check(/\.xlsx$/.test(dl.suggestedFilename()) && bytes[0] === 0x50 && bytes[1] === 0x4B && bytes.includes(Buffer.from('xl/sharedStrings.xml')),
              `the form downloads an .xlsx workbook (${dl.suggestedFilename()}, ${bytes.length} bytes)`);
      }
      if (size.phone) {
        await press(page, size, '##actions');
        problems.push(...await inspect(page, size, 'form-actions'));
      }
      // The drafting notes (from the menu on the phone, the toolbar on the PC), then Back.
      await press(page, size, '##notes');
      await waitState(page, (s) => s.screen === 'notes', 'drafting notes');
      problems.push(...await inspect(page, size, 'notes'));
      await page.goBack();
      await waitState(page, (s) => s.screen === 'form', 'Back from the notes returns to the form');

      // Submit, then Back returns to the form (not out of the app).
      await press(page, size, '##submit');
      await waitState(page, (s) => s.screen === 'submit', 'submit screen');
      problems.push(...await inspect(page, size, 'submit'));
      await page.goBack();
      await settle(page);
      st = await waitState(page, (s) => s.screen === 'form', 'Back from submit returns to the form', 5000).catch(() => state(page));
      check(st.screen === 'form' && page.url().startsWith(server.url), `${size.name}: Back from "Nộp bài" returns to the form (screen ${st.screen}, ${page.url()})`);
      await page.goBack();
      await settle(page);
      st = await waitState(page, (s) => s.screen === 'unit' || s.screen === 'home', 'Back again', 5000).catch(() => state(page));
      check(page.url().startsWith(server.url), `${size.name}: Back again stays in the app (${st.screen})`);

      // The other screens from home.
      await page.evaluate(() => window.cds.go && window.cds.go('home'));
      for (const [raw, screen] of [['##keys', 'keys'], ['##verify', 'verify'], ['##aggregate', 'aggregate']]) {
        st = await state(page);
        if (st.screen !== 'home') {
          await page.goBack();
          await settle(page);
          st = await waitState(page, (s) => s.screen === 'home', 'home', 5000).catch(() => state(page));
        }
        if (st.screen !== 'home') await press(page, size, '← Trang chủ');
        await press(page, size, raw);
        await waitState(page, (s) => s.screen === screen, `${screen} screen`);
        problems.push(...await inspect(page, size, screen));
        if (screen === 'verify') {
          // A tampered file: the verdict in plain sentences, the machine detail folded away.
          const [chooser] = await Promise.all([page.waitForEvent('filechooser'), press(page, size, 'Mở tệp bài nộp…')]);
          await chooser.setFiles(path.join(ROOT, 'tests', 'hostile', 'submission-edited-total.json'));
          st = await waitState(page, (s) => s.verified, 'verified');
          check(!st.verified.ok && st.verified.plain.length > 0 && st.verified.technical.length > 0,
                `${size.name}: a tampered file gets a plain account and technical lines`);
          problems.push(...await inspect(page, size, 'verify-tampered'));
          await press(page, size, '##tech');
          await screenshot(page, `layout-verify-technical-${size.name}.png`);
        }
      }
      // "Tổng hợp" lives in the office edition: the unit edition's entry screen opens it (?office).
      {
        const it = await scrollTo(page, '##office:open');
        const navigated = page.waitForURL(/\?office$/, {timeout: 15000});
        if (size.phone) await page.touchscreen.tap(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
        else await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
        await navigated;
      }
      await page.waitForFunction(() => window.cds && window.cds.edition === 'office' && window.cds.items, null, {timeout: 30000});
      await page.evaluate(() => window.cds.ready);
      await waitState(page, (s) => s.storage.loaded, 'office edition: storage loaded');
      st = await state(page);
      if (st.screen !== 'aggregate') {
        await goHome(page);
        await press(page, size, '##aggregate');
      }
      await waitState(page, (s) => s.screen === 'aggregate' && s.rubrics.every((r) => r.loaded), 'the office edition\'s aggregate screen');
      problems.push(...await inspect(page, size, 'aggregate-office'));
      // With files: the intake and the ranking. On the phone they are lists of touch-sized rows in
      // the page's scroll (tables there showed their first column, rows 24 px tall, 850 px wide).
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), press(page, size, '##agg:add')]);
      await chooser.setFiles(fs.readdirSync(gen).filter((f) => f.endsWith('.json') && f.startsWith('xa-')).map((f) => path.join(gen, f)));
      st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.counts.files > 10, 'the generated files checked', 30000);
      await scrollTo(page, '##agg:row');
      problems.push(...await inspect(page, size, 'aggregate-intake'));
      if (size.phone) {
        // A row that opens no unit page (here a superseded file) tells its whole text in a dialog:
        // the list cuts it to one line, and a touch screen has no tooltip.
        const other = st.aggregate.intake.find((x) => x.status !== 'valid' && x.kind !== 'appraisal');
        await press(page, size, path.basename(other.file) + '##agg:row');
        const dialog = (await page.evaluate(() => window.cds.layout())).find((w) => w.popup && w.name.includes('##agg:row-detail'));
        check(dialog && (await findRaw(page, '##agg:row-detail-close')) && dialog.h > 100,
              `a ${other.status} file's row on the phone opens its whole text in a dialog (${dialog && Math.round(dialog.w)}×${dialog && Math.round(dialog.h)} px)`);
        problems.push(...await inspect(page, size, 'aggregate-row-detail'));
        await press(page, size, '##agg:row-detail-close');
      }
      await press(page, size, '##agg:view:ranking');
      await scrollTo(page, '##agg:unit:*');
      problems.push(...await inspect(page, size, 'aggregate-ranking'));
      if (!size.phone) {
        // The table sorted by unit name, then the window narrowed to a phone's: the list is in rank
        // order (it kept the table's order), and widened again the table is sorted as before.
        const ranks = async () => (await items(page)).filter((i) => i.visible && i.raw.includes('##agg:unit:'))
                                                       .sort((x, y) => x.y - y.y).map((i) => i.label);
        // The table's headings are not widgets of their own: "Đơn vị" is clicked where it is, in
        // the heading row above the first row, after the "Hạng" column (6.5 em).
        const before = await ranks();
        const top = (await items(page)).filter((i) => i.visible && i.raw.includes('##agg:unit:')).sort((x, y) => x.y - y.y)[0];
        await page.mouse.move(top.x + 6.5 * 16 + 30, top.y - top.h / 2 - 2);
        await settle(page);
        await page.mouse.down();
        await settle(page);
        await page.mouse.up();
        await settle(page);
        const byName = await ranks();
        check(byName.join() !== before.join(), `the ranking table sorted by unit name (${byName.slice(0, 3).join(' | ')})`);
        await page.setViewportSize({width: 360, height: 640});
        await page.waitForFunction(() => window.innerWidth === 360);
        await settle(page);
        // From the first-ranked unit's row down: ranks go up one at a time (by name, the row after
        // it would be a unit ranked far below).
        await scrollTo(page, '##agg:unit:' + (await state(page)).aggregate.ranking[0].code);
        const listed = (await ranks()).map((l) => parseInt(l, 10));
        check(listed.length >= 2 && listed[0] === 1 && listed.every((r, k) => k === 0 || r - listed[k - 1] === 0 || r - listed[k - 1] === 1),
              `the phone's ranking list is in rank order after the table was sorted by name (${listed.join(', ')}; table: ${byName.slice(0, 4).join(' | ')})`);
        await page.setViewportSize(size.viewport);
        await page.waitForFunction((w) => window.innerWidth === w, size.viewport.width);
        await settle(page);
        await scrollTo(page, '##agg:unit:*');
        const again = await ranks();
        check(again.length >= 3 && again.slice(0, 3).join() === byName.slice(0, 3).join(),
              `widened again, the table is sorted by name as chosen (${again.slice(0, 3).join(' | ')})`);
      }
      const opened = (await items(page)).find((i) => i.visible && i.raw.includes('##agg:unit:'));
      await press(page, size, opened.raw);
      st = await waitState(page, (s) => s.aggregate.unit !== null, 'a ranking row opens its unit page');
      problems.push(...await inspect(page, size, 'aggregate-unit'));
      check(errors.length === 0, `${size.name}: no page errors (${errors.join(' | ')})`);
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(gen, {recursive: true, force: true});
  }
  for (const p of problems) console.log('PROBLEM ' + p);
  check(problems.length === 0, `no layout, touch-target or language problems (${problems.length} found)`);
});
