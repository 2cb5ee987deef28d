// Issue #20, "Appraisal round trip": a commune's submission appraised by the district (level 1) and
// then by the department on top of it (level 2, `cds appraise --on`), both signed natively; the unit
// opens the department's file in the unit edition ("Kiểm tra bài nộp…"), which hands it to the full
// (office) edition — the appraisal view is not part of the first download — where it opens by
// itself, with both levels, each level's reason and the final score per changed criterion, at
// 360×640 and 1366×768.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launch, startServer, openApp, check, run, waitState, clickRaw, findRaw, screenshot, settle, ROOT, LIGHT_KDF} from './lib.mjs';

const CDS = path.join(ROOT, 'build', 'native', 'bin', 'cds');
const RUBRIC = path.join(ROOT, 'assets', 'rubrics', 'soctrang-2023-thidua-xa.json');
const cli = (args) => execFileSync(CDS, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});

run('appraisal', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-appraisal-'));
  const pass = path.join(tmp, 'pass.txt');
  fs.writeFileSync(pass, 'mưa đầu mùa trên đồi chè');
  const key = (name) => {
    const f = path.join(tmp, `${name}.json`);
    cli(['keygen', '--out', f, '--passphrase-file', pass, ...LIGHT_KDF]);
    return f;
  };
  const unitKey = key('xa'), district = key('huyen'), department = key('so');
  const a = JSON.parse(cli(['template', RUBRIC]));
  a.unit = {code: 'XA-ANTHANH', name: 'Xã An Thạnh', type: 'xa'};
  a.period = '2023';
  a.inputs['3'].ty_le = 80;
  a.inputs['4'].ty_le = 70;
  fs.writeFileSync(path.join(tmp, 'ans.json'), JSON.stringify(a));
  const sub = path.join(tmp, 'bainop.json');
  cli(['submit', RUBRIC, path.join(tmp, 'ans.json'), '--key', unitKey, '--passphrase-file', pass, '--out', sub, '--time', '2026-11-19T15:30:00+07:00']);
  const changes = (org, list) => JSON.stringify({format: 'cds-appraisal-changes/1', appraiser: {name: 'Người thẩm định', organisation: org}, changes: list});
  fs.writeFileSync(path.join(tmp, 'c1.json'), changes('Phòng VH-TT huyện Mỹ Tú', [
    {criterion: '3', score: 8, reason: 'Huyện: chỉ 48 % hồ sơ trên mạng'}, {criterion: '4', score: 5, reason: 'Huyện: văn bản giấy còn nhiều'}]));
  fs.writeFileSync(path.join(tmp, 'c2.json'), changes('Sở TT&TT Sóc Trăng', [{criterion: '3', score: 6, reason: 'Sở: đối chiếu lại, 36 %'}]));
  const l1 = path.join(tmp, 'thamdinh_huyen.json'), l2 = path.join(tmp, 'thamdinh_so.json');
  cli(['appraise', sub, '--changes', path.join(tmp, 'c1.json'), '--key', district, '--passphrase-file', pass, '--out', l1, '--time', '2026-11-24T09:00:00+07:00']);
  cli(['appraise', sub, '--on', l1, '--changes', path.join(tmp, 'c2.json'), '--key', department, '--passphrase-file', pass, '--out', l2,
       '--time', '2026-11-25T10:00:00+07:00']);

  const server = await startServer();
  const browser = await launch();
  try {
    for (const viewport of [{width: 360, height: 640}, {width: 1366, height: 768}]) {
      const {page, errors} = await openApp(browser, server.url, {viewport});
      await waitState(page, (s) => s.storage.loaded, 'storage loaded');
      await clickRaw(page, 'Kiểm tra bài nộp…##verify');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Mở tệp bài nộp…')]);
      await chooser.setFiles(l2);
      await waitState(page, (s) => s.appraisalPending === 'thamdinh_so.json', 'the unit edition offers the full edition');
      await settle(page);
      await screenshot(page, `appraisal-handover-${viewport.width}.png`);
      const go = await findRaw(page, '##appraisal:office');  // a click that leaves the page: no settle() after it
      await Promise.all([page.waitForURL(/\?office/, {timeout: 30000}), page.mouse.click(go.x + go.w / 2, go.y + go.h / 2)]);
      await page.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
      await page.evaluate(() => window.cds.ready);
      const st = await waitState(page, (s) => s.appraisal && s.appraisal.file === 'thamdinh_so.json', 'the appraisal shown in the full edition', 20000);
      const ap = st.appraisal;
      check(ap.ok && ap.verdict.startsWith('HỢP LỆ'), `verdict: ${ap.verdict.slice(0, 80)}`);
      check(ap.levels.length === 2 && ap.levels[0].startsWith('Cấp 1 — Phòng VH-TT huyện Mỹ Tú') && ap.levels[1].startsWith('Cấp 2 — Sở TT&TT Sóc Trăng'),
            `both levels with their signers: ${ap.levels.join(' | ').slice(0, 160)}`);
      const row = (id) => ap.rows.find((r) => r.criterion === id);
      // By hand: criterion 3: level 1 → 8, level 2 → 6, final 6; criterion 4: level 1 → 5, kept by level 2, final 5.
      check(row('3') && row('3').levels.join() === '8,6' && row('3').final === 6 && row('3').reasons[1] === 'Sở: đối chiếu lại, 36 %',
            'criterion 3: 8 → 6, final 6, the department\'s reason');
      check(row('4') && row('4').levels.join() === '5,5' && row('4').final === 5 && row('4').reasons[0] === 'Huyện: văn bản giấy còn nhiều' && row('4').reasons[1] === '',
            'criterion 4: 5 at level 1, kept at level 2, final 5');
      check(ap.rows.length === 2, 'only the changed criteria (no draft on this device matches)');
      check(ap.match.startsWith('Không khớp'), 'says it matches no submission signed here');
      await settle(page);
      await screenshot(page, `appraisal-${viewport.width}.png`);
      // The same as an Excel workbook: the level columns and the reasons (read back with Python's zipfile).
      const [xl] = await Promise.all([page.waitForEvent('download', {timeout: 20000}), clickRaw(page, '##appraisal:xlsx')]);
      const xlPath = path.join(tmp, `view-${viewport.width}.xlsx`);
      await xl.saveAs(xlPath);
      const strings = execFileSync('python3', ['-c', 'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print(z.read("xl/sharedStrings.xml").decode())', xlPath],
                                   {encoding: 'utf8'});
      check(xl.suggestedFilename() === 'thamdinh_xa-anthanh.xlsx' && strings.includes('Thẩm định cấp 1') && strings.includes('Thẩm định cấp 2') &&
            strings.includes('Cấp 1: Huyện: chỉ 48 % hồ sơ trên mạng; Cấp 2: Sở: đối chiếu lại, 36 %'),
            `the Excel download carries both levels and the reasons (${xl.suggestedFilename()})`);
      check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
