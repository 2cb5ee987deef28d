// Issue #20, periods and deadlines in the browser. NQ57 (Nhựt Thành 2026) prints "trước 09 giờ,
// ngày 19/6/2026". The browser's clock is set with Playwright's clock (time then flows normally,
// and every time below is chosen so a few minutes of test run change nothing):
//  - the unit edition's form header, 3 days 4 hours 30 minutes before: "Còn 3 ngày 4 giờ đến hạn
//    nộp (09:00 19/06/2026)", at 360×640 and 1366×768 (screenshots); 2 days 30 minutes after:
//    "Đã quá hạn nộp 2 ngày …", and the submit screen says signing is still allowed;
//  - the office edition at 08:30 on the day: one file signed at 08:00 (on time), one signed at
//    exactly 09:00:00 (late by the signed time), both received now (the time they are opened here,
//    on time): the late one carries the "Nộp muộn" badge and its filter, both still count.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launch, startServer, openApp, settle, check, run, waitState, clickRaw, scrollTo, screenshot, items, ROOT, openForm, LIGHT_KDF} from './lib.mjs';

const CDS = path.join(ROOT, 'build', 'native', 'bin', 'cds');
const RUBRIC = path.join(ROOT, 'assets', 'rubrics', 'nhuthanh-2026-nq57.json');
const ANSWERS = path.join(ROOT, 'tests', 'golden', 'nhuthanh-2026-nq57', 'mixed.answers.json');
const cli = (args) => execFileSync(CDS, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
const VN = 'Asia/Ho_Chi_Minh';

async function context(browser, viewport, time, extra = {}) {
  const ctx = await browser.newContext({viewport, locale: 'vi-VN', timezoneId: VN, ...extra});
  await ctx.clock.install({time: new Date(time)});
  return ctx;
}

// A new NQ57 draft, straight to its form; returns the countdown line the form shows.
async function formHeader(page) {
  await waitState(page, (s) => s.storage.loaded, 'storage loaded');
  await scrollTo(page, '##start:nhuthanh-2026-nq57');  // the rubric list is longer than a phone
  await clickRaw(page, '##start:nhuthanh-2026-nq57');
  await openForm(page);
  const st = await waitState(page, (s) => s.screen === 'form' && s.draft && s.draft.deadline, 'the form with its deadline line');
  await settle(page);
  return st.draft.deadline;
}

run('deadline', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-deadline-'));
  try {
    // ---- The form: a countdown, on a phone and on a PC ----
    for (const [w, h, extra] of [[360, 640, {deviceScaleFactor: 2, isMobile: true, hasTouch: true}], [1366, 768, {deviceScaleFactor: 1}]]) {
      const ctx = await context(browser, {width: w, height: h}, '2026-06-16T04:30:00+07:00', extra);
      const {page, errors} = await openApp(browser, server.url, {context: ctx});
      const line = await formHeader(page);
      check(line === 'Còn 3 ngày 4 giờ đến hạn nộp (09:00 19/06/2026)', `${w}×${h}: the form counts down: "${line}"`);
      // The header is drawn whole, inside the main window (the layout hooks list what runs past the edge).
      const cut = (await page.evaluate(() => window.cds.layout())).filter((x) => x.overflow && x.name === '##main');
      check(cut.length === 0, `${w}×${h}: the header does not run past the right edge (${JSON.stringify(cut)})`);
      await screenshot(page, `deadline-form-${w}x${h}.png`);
      check(errors.length === 0, `${w}×${h}: no page errors (${errors.join('; ')})`);
      await ctx.close();
    }

    // ---- After the deadline: the form says how late, the submit screen still signs ----
    {
      const ctx = await context(browser, {width: 1366, height: 768}, '2026-06-21T09:30:00+07:00', {deviceScaleFactor: 1});
      const {page} = await openApp(browser, server.url, {context: ctx});
      const line = await formHeader(page);
      check(line === 'Đã quá hạn nộp 2 ngày (09:00 19/06/2026)', `after the deadline: "${line}"`);
      await screenshot(page, 'deadline-form-late-1366x768.png');
      await page.evaluate(() => window.cds.captureText(true));
      await clickRaw(page, 'Nộp bài…##submit');
      await waitState(page, (s) => s.screen === 'submit', 'the submit screen');
      await settle(page);
      const text = await page.evaluate(() => window.cds.text());
      check(text.includes('Đã quá hạn nộp 2 ngày (09:00 19/06/2026). Vẫn ký được; cơ quan tiếp nhận quyết định'),
            'the submit screen warns that it is late and that signing is still allowed');
      await screenshot(page, 'deadline-submit-late-1366x768.png');
      await ctx.close();
    }

    // ---- The office edition: a late file marked, both counted ----
    const pass = path.join(tmp, 'pass.txt');
    fs.writeFileSync(pass, 'mưa đầu mùa hạ năm nay');
    const key = path.join(tmp, 'k.key');
    cli(['keygen', '--out', key, '--passphrase-file', pass, ...LIGHT_KDF]);
    const ans = JSON.parse(fs.readFileSync(ANSWERS, 'utf8'));
    const files = [];
    for (const [code, name, time, file] of [['XA-AN', 'UBND xã An', '2026-06-19T08:00:00+07:00', 'an_dung-han.json'],
                                            ['XA-BINH', 'UBND xã Bình', '2026-06-19T09:00:00+07:00', 'binh_luc-9-gio.json']]) {
      const af = path.join(tmp, `${code}.answers.json`);
      fs.writeFileSync(af, JSON.stringify({...ans, unit: {code, name}}));
      const out = path.join(tmp, file);
      cli(['submit', RUBRIC, af, '--key', key, '--passphrase-file', pass, '--out', out, '--time', time]);
      files.push(out);
    }
    const ctx = await context(browser, {width: 1366, height: 768}, '2026-06-19T08:30:00+07:00', {deviceScaleFactor: 1});
    const {page, errors} = await openApp(browser, server.url + '?office', {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'office: storage loaded');
    await clickRaw(page, '##aggregate');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, '##agg:add')]);
    await chooser.setFiles(files);
    const st = await waitState(page, (s) => s.aggregate && !s.aggregate.busy && s.aggregate.files === 2 && s.aggregate.generation > 0,
                               'files checked', 30000);
    const by = Object.fromEntries(st.aggregate.intake.map((x) => [x.file, x]));
    const an = by['an_dung-han.json'], binh = by['binh_luc-9-gio.json'];
    check(an.status === 'valid' && binh.status === 'valid', 'a late file still counts (the office decides)');
    check(an.late_signed === false && binh.late_signed === true, 'signed 08:00 is on time, signed at 09:00:00 is late');
    const received = Date.parse(binh.received);
    check(binh.received.endsWith('+07:00') && received >= Date.parse('2026-06-19T08:30:00+07:00') && received < Date.parse('2026-06-19T09:00:00+07:00'),
          `received when opened here, before the deadline: ${binh.received}`);
    check(an.late_received === false && binh.late_received === false, 'both received on time');
    check(/1 ký sau hạn nộp, 0 nhận sau hạn nộp/.test(st.aggregate.summary), `the summary counts it: ${st.aggregate.summary}`);
    const filter = (await items(page)).find((x) => x.raw === 'Nộp muộn (1)##agg:filter:late' || x.label === 'Nộp muộn (1)');
    check(filter, 'a "Nộp muộn (1)" filter');
    await clickRaw(page, '##agg:filter:late');
    await settle(page);
    await page.evaluate(() => window.cds.captureText(true));
    await page.mouse.move(5, 700);
    await settle(page);
    const text = await page.evaluate(() => window.cds.text());
    check(text.includes('binh_luc-9-gio.json') && !text.includes('an_dung-han.json') && text.includes('⚠ Nộp muộn'),
          'the filter shows the late file alone, with its badge');
    check(text.includes('theo giờ ký Muộn dưới 1 phút'), 'the reason names the lateness by the signed time');
    await screenshot(page, 'deadline-office-late-1366x768.png');
    await clickRaw(page, '##agg:filter:all');
    check(errors.length === 0, `office: no page errors (${errors.join('; ')})`);
    await ctx.close();
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
