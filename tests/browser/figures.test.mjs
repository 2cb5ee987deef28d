// Issue #20, "Criteria sourced from outside the unit": in "Tổng hợp" (office edition) the office
// downloads the figure table's template (every unit of the intake, what each declared), fills it as
// Excel would save it, opens it, sees each unit's changes, and signs them all with one key: one
// appraisal file per changed unit, verified and applied natively by `cds aggregate` with the scores
// computed by hand from the printed rubric (Sóc Trăng 2023, xã: criterion 5 = rate × 6 points,
// criterion 6 = rate × 10 points). A table with an error fills nothing and says where; a .csv
// dropped on the page opens as a table. The Excel path too: the template downloaded as .xlsx, filled
// the way Excel stores what the office types (tests/cli/xlsx_fill.py), opened with the picker and
// dropped on the page; a hostile workbook (entity expansion) is refused. Screens at 1366×768 and 360×640.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launch, startServer, openApp, check, run, waitState, clickRaw, scrollTo, screenshot, settle, typeInto, blur, ROOT, LIGHT_KDF} from './lib.mjs';

const CDS = path.join(ROOT, 'build', 'native', 'bin', 'cds');
const RUBRIC = path.join(ROOT, 'assets', 'rubrics', 'soctrang-2023-thidua-xa.json');
const PASS = 'mưa đầu mùa trên đồi chè';
const cli = (args) => execFileSync(CDS, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
const FILL = path.join(ROOT, 'tests', 'cli', 'xlsx_fill.py');
// Fills an .xlsx template: cells [code, key, kind, value], rows of [key, kind, value] (xlsx_fill.py).
function fillXlsx(template, out, cells, rows = []) {
  const spec = out + '.json';
  fs.writeFileSync(spec, JSON.stringify({cells, rows}));
  execFileSync('python3', [FILL, template, out, spec], {stdio: ['ignore', 'pipe', 'pipe']});
}
// The first sheet of an .xlsx as rows of text (tests/cli/xlsx_rows.py).
function xlsxRows(file) {
  const code = 'import json, sys; sys.path.insert(0, sys.argv[1]); import xlsx_rows as x; ' +
               'print(json.dumps(x.rows(sys.argv[2], x.sheet_names(sys.argv[2])[0]), ensure_ascii=False))';
  return JSON.parse(execFileSync('python3', ['-c', code, path.join(ROOT, 'tests', 'cli'), file], {encoding: 'utf8'}));
}

// A CSV as Excel writes it: ';', cells quoted only when they hold ';' or '"'.
function parseCsv(text) {
  const rows = [];
  let row = [''], q = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { row[row.length - 1] += '"'; ++i; } else if (c === '"') q = false; else row[row.length - 1] += c;
    } else if (c === '"') q = true;
    else if (c === ';') row.push('');
    else if (c === '\n') { rows.push(row); row = ['']; } else if (c !== '\r') row[row.length - 1] += c;
  }
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}
const toCsv = (rows) => '\ufeff' + rows.map((r) => r.map((c) => (/[;"\r\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c)).join(';')).join('\r\n') + '\r\n';

// (On a phone the intake's toolbar scrolls with the page: brought into view first.)
async function choose(page, raw, files) {
  await scrollTo(page, raw);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, raw)]);
  await chooser.setFiles(files);
}

run('figures', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-figures-'));
  const pass = path.join(tmp, 'pass.txt');
  fs.writeFileSync(pass, PASS);
  const key = (name) => {
    const f = path.join(tmp, `${name}.key.json`);
    cli(['keygen', '--out', f, '--passphrase-file', pass, '--unit-name', name, ...LIGHT_KDF]);
    return f;
  };
  const t = JSON.parse(cli(['template', RUBRIC]));
  const inbox = path.join(tmp, 'in');
  fs.mkdirSync(inbox);
  const units = [['XA-A', 'Xã An Thạnh', 95, 90], ['XA-B', 'Xã Bình Minh', 60, 90], ['XA-C', 'Xã Châu Thành', 80, 80]];
  let i = 0;
  for (const [code, name, r5, r6] of units) {
    const a = JSON.parse(JSON.stringify(t));
    a.unit = {code, name, type: 'xa'};
    a.inputs['5'].ty_le = r5;
    a.inputs['6'].ty_le_dung_han = r6;
    fs.writeFileSync(path.join(tmp, `${code}.answers.json`), JSON.stringify(a));
    cli(['submit', RUBRIC, path.join(tmp, `${code}.answers.json`), '--key', key(code), '--passphrase-file', pass,
         '--out', path.join(inbox, `${code}.json`), '--time', `2026-11-19T15:3${++i}:00+07:00`]);
  }
  const appraiserKey = key('So-TTTT');
  // A later file of Xã Châu Thành (criterion 6 now 90 %), added while a table is open.
  const later = path.join(tmp, 'later');
  fs.mkdirSync(later);
  {
    const a = JSON.parse(fs.readFileSync(path.join(tmp, 'XA-C.answers.json'), 'utf8'));
    a.inputs['6'].ty_le_dung_han = 90;
    fs.writeFileSync(path.join(tmp, 'XA-C2.answers.json'), JSON.stringify(a));
    cli(['submit', RUBRIC, path.join(tmp, 'XA-C2.answers.json'), '--key', path.join(tmp, 'XA-C.key.json'), '--passphrase-file', pass,
         '--out', path.join(later, 'XA-C-lan2.json'), '--time', '2026-11-21T08:00:00+07:00']);
  }

  const server = await startServer();
  const browser = await launch();
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    const {page, errors} = await openApp(browser, server.url + '?office', {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    await clickRaw(page, '##keys');
    await choose(page, 'Nhập tệp khóa…', appraiserKey);
    await waitState(page, (s) => s.keys.length === 1, 'appraiser key imported');
    await clickRaw(page, '← Quay lại');
    await clickRaw(page, '##aggregate');
    await choose(page, '##agg:add', fs.readdirSync(inbox).map((n) => path.join(inbox, n)));
    await waitState(page, (s) => !s.aggregate.busy && s.aggregate.counts && s.aggregate.counts.units === 3, 'three units counted', 30000);

    // The template: the sourced criteria, each unit's declared figure beside.
    await clickRaw(page, '##agg:figures');
    await waitState(page, (s) => s.aggregate.figures.shown, 'the figure panel');
    await settle(page);
    await screenshot(page, 'figures-panel-1366.png');
    const [tplDl] = await Promise.all([page.waitForEvent('download', {timeout: 20000}), clickRaw(page, '##fig:template:0')]);
    check(tplDl.suggestedFilename() === 'bang-so-lieu_soctrang-2023-thidua-xa.csv', `template name ${tplDl.suggestedFilename()}`);
    const tplPath = path.join(tmp, 'mau.csv');
    await tplDl.saveAs(tplPath);
    const rows = parseCsv(fs.readFileSync(tplPath, 'utf8').replace(/^\ufeff/, ''));
    const head = rows[0];
    const col = (k) => head.findIndex((h) => h.endsWith(`[${k}]`));
    check(col('unit') === 0 && col('5/ty_le') > 0 && col('6/ty_le_dung_han') > 0 && col('self:5/ty_le') > 0, 'template columns: unit, 5, 6 and what the unit declared');
    const byCode = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    check(Object.keys(byCode).sort().join() === 'XA-A,XA-B,XA-C', 'one row per unit of the intake');
    check(byCode['XA-A'][col('self:5/ty_le')] === '95' && byCode['XA-B'][col('self:6/ty_le_dung_han')] === '90', 'declared figures beside');

    // A table with an error first: nothing filled, the line and column named.
    const badRows = rows.map((r) => r.slice());
    badRows.find((r) => r[0] === 'XA-A')[col('5/ty_le')] = '150';
    fs.writeFileSync(path.join(tmp, 'sai.csv'), toCsv(badRows));
    await choose(page, '##fig:open', path.join(tmp, 'sai.csv'));
    let st = await waitState(page, (s) => s.aggregate.figures.file === 'sai.csv', 'the bad table read');
    check(st.aggregate.figures.errors.some((e) => e.startsWith('D2') && e.includes('vượt 100')), `the error names cell D2: ${st.aggregate.figures.errors[0]}`);
    check(st.aggregate.figures.units.length === 0, 'nothing filled');
    await settle(page);
    await screenshot(page, 'figures-error-1366.png');

    // The filled table: A 5 → 72 %, 6 → 85,5 %; B 6 → 50 %; C as declared; XA-Z has no submission.
    byCode['XA-A'][col('5/ty_le')] = '72';
    byCode['XA-A'][col('6/ty_le_dung_han')] = '85,5';
    byCode['XA-B'][col('6/ty_le_dung_han')] = '50 %';
    byCode['XA-B'][col('reason')] = 'Số liệu chốt ngày 30/11';
    byCode['XA-C'][col('5/ty_le')] = '80';
    const z = head.map(() => '');
    z[0] = 'XA-Z';
    z[col('5/ty_le')] = '10';
    fs.writeFileSync(path.join(tmp, 'da-dien.csv'), toCsv([head, ...Object.values(byCode), z]));
    await choose(page, '##fig:open', path.join(tmp, 'da-dien.csv'));
    st = await waitState(page, (s) => s.aggregate.figures.file === 'da-dien.csv', 'the filled table read');
    const fig = st.aggregate.figures;
    check(fig.errors.length === 0, `no errors (${fig.errors.join(' | ')})`);
    const changes = Object.fromEntries(fig.units.map((u) => [u.code, u.changes.join(' · ')]));
    // By hand: A 5: 95 % × 6 = 5,7 → 72 % × 6 = 4,32; A 6: 90 % × 10 = 9 → 8,55; B 6: 9 → 5.
    check(changes['XA-A'] === '5: 5,7 → 4,32 · 6: 9 → 8,55', `A: ${changes['XA-A']}`);
    check(changes['XA-B'] === '6: 9 → 5', `B: ${changes['XA-B']}`);
    check(!changes['XA-C'] && fig.unchanged === 1, 'C unchanged');
    check(fig.warnings.some((w) => w.includes('XA-Z')), 'XA-Z warned (no submission)');
    await typeInto(page, '##fig:org', 'Sở Thông tin và Truyền thông', {enter: false, whole: true});
    await typeInto(page, '##fig:name', 'Trần Thị Bình', {enter: false, whole: true});
    await typeInto(page, '##fig:pass', PASS, {enter: false, whole: true});
    await blur(page);
    await settle(page);
    await screenshot(page, 'figures-filled-1366.png');

    // Sign them all: two downloads, both applied in the intake.
    // Several appraisals come as one .zip (a page may start only a few downloads at once).
    const [zdl] = await Promise.all([page.waitForEvent('download', {timeout: 30000}), clickRaw(page, '##fig:sign')]);
    st = await waitState(page, (s) => s.aggregate.figures.signed.length === 2 && !s.aggregate.busy && s.aggregate.counts.appraisals_applied === 2,
                         'two appraisals signed and applied', 30000);
    check(/^thamdinh_bang-so-lieu_2-don-vi_\d{8}-\d{4}\.zip$/.test(zdl.suggestedFilename()), `one .zip downloaded (${zdl.suggestedFilename()})`);
    const zipPath = path.join(tmp, 'signed.zip');
    await zdl.saveAs(zipPath);
    const apDir = path.join(tmp, 'ap');
    fs.mkdirSync(apDir);
    execFileSync('python3', ['-c', 'import sys,zipfile;zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zipPath, apDir]);
    check(fs.readdirSync(apDir).length === 2, `the .zip holds the two appraisal files (${fs.readdirSync(apDir).join(', ')})`);
    // Each one can be saved again from the panel.
    const [again] = await Promise.all([page.waitForEvent('download', {timeout: 20000}), clickRaw(page, 'Lưu##fig:save')]);
    check(fs.readdirSync(apDir).includes(again.suggestedFilename()), `a signed file saved again: ${again.suggestedFilename()}`);
    for (const n of fs.readdirSync(apDir)) {
      let out = '';
      try { out = cli(['verify', path.join(apDir, n)]); } catch (e) { out = `exit ${e.status} ${e.stdout}`; }
      check(out.startsWith('HỢP LỆ'), `${n} verifies natively`);
    }
    const rep = path.join(tmp, 'rep');
    cli(['aggregate', inbox, '--appraisals', apDir, '--out', rep, '--json']);
    const report = JSON.parse(fs.readFileSync(path.join(rep, 'report.json'), 'utf8'));
    const crit = fs.readFileSync(path.join(rep, 'criteria.csv'), 'utf8');
    check(/;XA-A;[^\n]*;5;[^\n]*;6;5,7;4,32;4,32;/.test(crit), 'natively: A criterion 5 self 5,7, appraised and final 4,32');
    check(/;XA-B;[^\n]*;6;[^\n]*;10;9;5;5;/.test(crit), 'natively: B criterion 6 self 9, final 5');
    const ap = JSON.parse(fs.readFileSync(path.join(apDir, fs.readdirSync(apDir).find((n) => n.includes('xa-b'))), 'utf8'));
    check(ap.signed.changes[0].reason === 'Số liệu của Cổng DVC tỉnh: 50 % (đơn vị khai 90 %). Số liệu chốt ngày 30/11', `reason: ${ap.signed.changes[0].reason}`);
    check(ap.signed.appraiser.organisation === 'Sở Thông tin và Truyền thông' && ap.signed.appraiser.name === 'Trần Thị Bình', 'appraiser as typed');
    const appUnits = Object.fromEntries(st.aggregate.ranking.map((x) => [x.code, x]));
    const natUnits = Object.fromEntries(report.rubrics[0].ranking.map((x) => [x.unit.code, x]));
    check(['XA-A', 'XA-B', 'XA-C'].every((c) => Math.abs(appUnits[c].final - natUnits[c].total.final) < 1e-9),
          `the app's final totals equal cds aggregate's (${['XA-A', 'XA-B', 'XA-C'].map((c) => appUnits[c].final).join(', ')})`);
    await settle(page);
    await screenshot(page, 'figures-signed-1366.png');

    // Excel: the template as a workbook, filled as Excel stores what is typed, opened with the picker.
    // Against the scores now applied (A 5: 4,32, B 5: 3,6 as declared, C 6: 8): A 5 → 60 % (0.6 in a
    // 0.0% cell) = 3,6; B 5 → 50 (a plain number: 50 %) = 3; C 6 → 80 % (0.8 in a 0% cell) = 8, no change.
    const [xDl] = await Promise.all([page.waitForEvent('download', {timeout: 20000}), clickRaw(page, '##fig:template-xlsx:0')]);
    check(xDl.suggestedFilename() === 'bang-so-lieu_soctrang-2023-thidua-xa.xlsx', `Excel template name ${xDl.suggestedFilename()}`);
    const xTpl = path.join(tmp, 'mau.xlsx');
    await xDl.saveAs(xTpl);
    const xRows = xlsxRows(xTpl);
    check(JSON.stringify(xRows[0]) === JSON.stringify(head), 'the Excel template has the CSV template\'s header');
    check(xRows.slice(1).map((r) => r[0]).sort().join() === 'XA-A,XA-B,XA-C' && xRows.every((r) => r.every((c) => c === null || typeof c === 'string')),
          'one row per unit, every cell text');
    const filled = path.join(tmp, 'da-dien.xlsx');
    fillXlsx(xTpl, filled, [['XA-A', '5/ty_le', 'pct', 0.6], ['XA-B', '5/ty_le', 'n', 50], ['XA-B', 'reason', 's', 'Theo Cổng DVC'],
                            ['XA-C', '6/ty_le_dung_han', 'pct0', 0.8]], [[['unit', 's', 'XA-Z'], ['5/ty_le', 'n', 10]]]);
    await choose(page, '##fig:open', filled);
    st = await waitState(page, (s) => s.aggregate.figures.file === 'da-dien.xlsx', 'the filled workbook read');
    const xfig = st.aggregate.figures;
    check(xfig.errors.length === 0, `no errors (${xfig.errors.join(' | ')})`);
    check(xfig.sheet === 'Bảng số liệu', `the sheet read: ${xfig.sheet}`);
    const xchanges = Object.fromEntries(xfig.units.map((u) => [u.code, u.changes.join(' · ')]));
    check(xchanges['XA-A'] === '5: 4,32 → 3,6', `A from Excel: ${xchanges['XA-A']}`);
    check(xchanges['XA-B'] === '5: 3,6 → 3', `B from Excel: ${xchanges['XA-B']}`);
    check(!xchanges['XA-C'] && xfig.unchanged === 1, 'C from Excel: 80 % gives the score applied');
    check(xfig.warnings.some((w) => w.includes('XA-Z')), 'XA-Z warned (no submission)');
    await settle(page);
    await screenshot(page, 'figures-xlsx-1366.png');

    // A workbook with an entity-expansion DTD: refused, nothing filled.
    const laughs = path.join(tmp, 'doc-hai.xlsx');
    execFileSync('python3', ['-c', `
import io, sys, zipfile
src = zipfile.ZipFile(sys.argv[1]); buf = io.BytesIO()
lol = '<!DOCTYPE worksheet [<!ENTITY l "lol">' + ''.join('<!ENTITY l%d "%s">' % (i, ('&l%s;' % ('' if i == 1 else i - 1)) * 10) for i in range(1, 10)) + ']>'
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as w:
    for n in src.namelist():
        b = src.read(n)
        if n == 'xl/worksheets/sheet1.xml':
            s = b.decode(); i = s.index('<worksheet'); b = (s[:i] + lol + s[i:]).encode()
        w.writestr(n, b)
open(sys.argv[2], 'wb').write(buf.getvalue())`, filled, laughs]);
    await choose(page, '##fig:open', laughs);
    st = await waitState(page, (s) => s.aggregate.figures.file === 'doc-hai.xlsx', 'the hostile workbook read');
    check(st.aggregate.figures.errors.some((e) => e.includes('DTD')) && st.aggregate.figures.units.length === 0,
          `entity expansion refused: ${st.aggregate.figures.errors[0]}`);

    // A phone: the panel after a .csv dropped on the page.
    await page.setViewportSize({width: 360, height: 640});
    await page.waitForFunction(() => window.innerWidth === 360);
    await settle(page);
    const text = fs.readFileSync(path.join(tmp, 'da-dien.csv'), 'utf8');
    await page.evaluate(({name, text}) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, {type: 'text/csv'}));
      const canvas = document.querySelector('canvas');
      for (const type of ['dragenter', 'dragover', 'drop']) canvas.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
    }, {name: 'keo-tha.csv', text});
    st = await waitState(page, (s) => s.aggregate.figures.file === 'keo-tha.csv', 'a dropped .csv opens as a figure table');
    // The same figures against the scores now applied: nothing left to change.
    check(st.aggregate.figures.units.length === 0 && st.aggregate.figures.unchanged === 3, 'after signing, the same table changes nothing');
    await settle(page);
    await screenshot(page, 'figures-360.png');
    // And a dropped .xlsx: read like the picked one.
    const xb64 = fs.readFileSync(filled).toString('base64');
    await page.evaluate(({name, b64}) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, {type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}));
      const canvas = document.querySelector('canvas');
      for (const type of ['dragenter', 'dragover', 'drop']) canvas.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
    }, {name: 'keo-tha.xlsx', b64: xb64});
    st = await waitState(page, (s) => s.aggregate.figures.file === 'keo-tha.xlsx', 'a dropped .xlsx opens as a figure table');
    const dchanges = Object.fromEntries(st.aggregate.figures.units.map((u) => [u.code, u.changes.join(' · ')]));
    check(dchanges['XA-A'] === '5: 4,32 → 3,6' && dchanges['XA-B'] === '5: 3,6 → 3' && st.aggregate.figures.errors.length === 0,
          `the dropped workbook: A ${dchanges['XA-A']}, B ${dchanges['XA-B']}`);
    await settle(page);
    await screenshot(page, 'figures-xlsx-360.png');
    // A newer file of Xã Châu Thành arrives while the table is open: the plan follows the intake.
    // By hand: C now declares 90 % on criterion 6 (9 points); the workbook says 80 % → 8.
    await choose(page, '##agg:add', path.join(later, 'XA-C-lan2.json'));
    st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.figures.units.some((u) => u.code === 'XA-C'), 'the plan made again', 20000);
    const fresh = Object.fromEntries(st.aggregate.figures.units.map((u) => [u.code, u.changes.join(' · ')]));
    check(fresh['XA-C'] === '6: 9 → 8' && fresh['XA-A'] === '5: 4,32 → 3,6', `the plan follows the newer file: C ${fresh['XA-C']}`);
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    server.close();
  }
});
