// Issue: the receiving office's screen "Tổng hợp". Submissions made here with the native CLI (keys,
// answers, signing): a mixed intake — a superseded pair, a duplicate copy (dropped on the page), a
// tampered file, a file that is not JSON, a listed unit that never submitted, two units that tie —
// fed through the file chooser with the trust list; the classification, the tie, a unit's page,
// an appraisal entered the Vietnamese way with a sampled check and signed with a key imported into
// the app (applied natively by `cds aggregate`), the ranking's three columns, the ranking CSV for
// Excel; then 1,000 submissions (made by cds-gen) from a folder, checked while the page keeps
// rendering. All of it in the office edition (index.html?office).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync, spawn} from 'node:child_process';
import {launch, startServer, openApp, state, items, settle, check, run, waitState, clickRaw, findRaw, typeInto, blur, screenshot, frames, scrollTo, shownText, withHeldFrames, stepFrame, stepUntil, watchLongTasks, longTasks, ROOT, LIGHT_KDF} from './lib.mjs';

const CDS = path.join(ROOT, 'build', 'native', 'bin', 'cds');
const GEN = path.join(ROOT, 'build', 'native', 'bin', 'cds-gen');
const RUBRIC = path.join(ROOT, 'assets', 'rubrics', 'soctrang-2023-thidua-xa.json');
const PASS = 'mưa đầu mùa trên đồi chè';
const SCALE_FILES = 1000;

const cli = (args) => execFileSync(CDS, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
// Signing in the background runs at the lowest CPU priority while the browser part needs the CPU.
const NICE = fs.existsSync('/usr/bin/nice') ? '/usr/bin/nice' : null;
const background = {nice: true};
const cliAsync = (args) => new Promise((resolve, reject) => {
  const p = NICE && background.nice ? spawn(NICE, ['-n', '19', CDS, ...args], {stdio: ['ignore', 'ignore', 'pipe']})
                                    : spawn(CDS, args, {stdio: ['ignore', 'ignore', 'pipe']});
  let err = '';
  p.stderr.on('data', (d) => { err += d; });
  p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cds ${args[0]} exited ${code}: ${err}`))));
});

// Answers for the Sóc Trăng commune rubric: percentages for some criteria, the rest unanswered.
function answers(template, code, name, values) {
  const a = JSON.parse(JSON.stringify(template));
  a.unit = {code, name, type: 'xa'};
  a.period = '2023';
  for (const [crit, v] of Object.entries(values)) a.inputs[crit][crit === '6' ? 'ty_le_dung_han' : 'ty_le'] = v;
  return a;
}

function keyOf(dir, code, name) {
  const file = path.join(dir, `khoa_${code}.json`);
  cli(['keygen', '--out', file, '--passphrase-file', path.join(dir, 'pass.txt'), '--unit-code', code, '--unit-name', name, ...LIGHT_KDF]);
  const pub = JSON.parse(cli(['pubkey', file]));
  return {file, pub};
}

async function submit(dir, key, ans, out, time) {
  const af = path.join(dir, `ans_${path.basename(out)}`);
  fs.writeFileSync(af, JSON.stringify(ans, null, 2));
  await cliAsync(['submit', RUBRIC, af, '--key', key, '--passphrase-file', path.join(dir, 'pass.txt'), '--out', out, '--time', time]);
  fs.rmSync(af);
}

// 1,000 units' signed submissions made by cds-gen (no trust list for this part): one process,
// both cores, no passphrase unlocking per file; its trust list and manifest are moved out of the
// folder so that the folder holds only submissions (and one file that is not).
async function makeScaleSet(dir) {
  const out = path.join(dir, 'thu-muc-1000');
  const t0 = Date.now();
  await new Promise((resolve, reject) => {
    const args = ['--rubric', RUBRIC, '--n', String(SCALE_FILES), '--out', out, '--seed', '7', '--tampered', '0', '--duplicates', '0',
                  '--superseded', '0', '--missing', '0', '--untrusted', '0', '--quiet'];
    const p = NICE && background.nice ? spawn(NICE, ['-n', '19', GEN, ...args], {stdio: ['ignore', 'ignore', 'pipe']})
                                      : spawn(GEN, args, {stdio: ['ignore', 'ignore', 'pipe']});
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cds-gen exited ${code}: ${err}`))));
  });
  for (const f of ['trust.json', 'manifest.json']) fs.renameSync(path.join(out, f), path.join(dir, `gen-${f}`));
  fs.writeFileSync(path.join(out, 'ghi-chu-kem-theo.pdf'), 'not a submission');
  return {dir: out, ms: Date.now() - t0};
}

// Brings a widget into view, then clicks it.
async function press(page, raw) {
  await scrollTo(page, raw);
  return clickRaw(page, raw);
}

// Closes the message at the bottom (if any) so screenshots and idle checks are not about it.
async function dismissToast(page) {
  // A toast goes at the next tap; the title at the top left is plain text.
  if ((await state(page)).toastVisible) await page.mouse.click(6, 12);
  await settle(page);
}

async function choose(page, raw, files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, raw)]);
  await chooser.setFiles(files);
}

run('aggregate', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-aggregate-'));
  try {
    fs.writeFileSync(path.join(tmp, 'pass.txt'), PASS);
    const template = JSON.parse(cli(['template', RUBRIC]));
    // The 1,000-file set is made in the background while the first part runs.
    const scaleSet = makeScaleSet(tmp);

    // ---- The mixed intake ----
    const units = [
      {code: 'XA-ANTHANH', name: 'UBND xã An Thạnh'},
      {code: 'XA-BINHMINH', name: 'UBND xã Bình Minh'},
      {code: 'XA-CHAUTHANH', name: 'UBND xã Châu Thành'},
      {code: 'XA-DAIHAI', name: 'UBND xã Đại Hải'},
      {code: 'XA-LONGPHU', name: 'UBND xã Long Phú'},
      {code: 'XA-MYXUYEN', name: 'UBND xã Mỹ Xuyên'},
    ];
    const keys = {};
    for (const u of units) keys[u.code] = keyOf(tmp, u.code, u.name);
    const appraiser = keyOf(tmp, 'PHONG-VHTT', 'Phòng Văn hóa và Thông tin huyện Mỹ Tú');
    const inbox = path.join(tmp, 'hop-thu');
    fs.mkdirSync(inbox);
    const f = (n) => path.join(inbox, n);
    const tie = {3: 70, 4: 70, 7: 50};
    const u = Object.fromEntries(units.map((x) => [x.code, x]));
    const A = (code, values) => answers(template, code, u[code].name, values);
    // Signed in the background while the page opens and imports the appraiser's key.
    const signed = Promise.all([
      submit(tmp, keys['XA-ANTHANH'].file, A('XA-ANTHANH', {3: 55, 4: 60}), f('anthanh_lan1.json'), '2026-11-18T08:00:00+07:00'),
      submit(tmp, keys['XA-ANTHANH'].file, A('XA-ANTHANH', {3: 80, 4: 70, 5: 90}), f('anthanh_lan2.json'), '2026-11-19T15:30:00+07:00'),
      submit(tmp, keys['XA-BINHMINH'].file, A('XA-BINHMINH', {3: 90, 4: 90, 5: 90, 6: 95}), f('binhminh.json'), '2026-11-19T09:00:00+07:00'),
      submit(tmp, keys['XA-CHAUTHANH'].file, A('XA-CHAUTHANH', tie), f('chauthanh.json'), '2026-11-19T10:00:00+07:00'),
      submit(tmp, keys['XA-DAIHAI'].file, A('XA-DAIHAI', tie), f('daihai.json'), '2026-11-19T11:00:00+07:00'),
      submit(tmp, keys['XA-LONGPHU'].file, A('XA-LONGPHU', {3: 40, 4: 80}), f('longphu.json'), '2026-11-19T12:00:00+07:00'),
      submit(tmp, keys['XA-MYXUYEN'].file, A('XA-MYXUYEN', {3: 65, 9: 75}), f('myxuyen.json'), '2026-11-19T13:00:00+07:00'),
    ]).then(() => {
      fs.copyFileSync(f('binhminh.json'), path.join(tmp, 'binhminh (1).json'));  // the same file sent twice: dropped later
      // A copy of Mỹ Xuyên's file with its total changed by hand.
      const good = fs.readFileSync(f('myxuyen.json'), 'utf8');
      const tampered = good.replace(/"total": [0-9.]+/, '"total": 99');
      check(tampered !== good, 'the tampered copy differs from the signed file');
      fs.writeFileSync(f('myxuyen_sua-tay.json'), tampered);
      fs.writeFileSync(f('hong.json'), '{"format": "cds-submission/1", "signed": ');
    });
    signed.catch(() => {});  // a failure is reported where it is awaited, below
    const trust = {
      format: 'cds-trust/1',
      units: units.map((x) => ({code: x.code, name: x.name, keys: [{key_id: keys[x.code].pub.key_id, public_key: keys[x.code].pub.public_key}]}))
        .concat([{code: 'XA-NGANAM', name: 'UBND xã Ngã Năm', keys: []}]),
      appraisers: [{code: 'PHONG-VHTT', name: 'Phòng Văn hóa và Thông tin huyện Mỹ Tú',
                    keys: [{key_id: appraiser.pub.key_id, public_key: appraiser.pub.public_key}]}],
    };
    const trustFile = path.join(tmp, 'danh-sach-tin-cay.json');
    fs.writeFileSync(trustFile, JSON.stringify(trust, null, 2));

    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    await watchLongTasks(ctx);
    const {page, errors} = await openApp(browser, server.url + '?office', {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');

    // The appraiser's key, imported into the app.
    await clickRaw(page, '##keys');
    await choose(page, 'Nhập tệp khóa…', appraiser.file);
    await waitState(page, (s) => s.keys.length === 1, 'appraiser key imported');
    await clickRaw(page, '← Quay lại');

    // Tổng hợp: the trust list, then the files (all but the duplicate copy) through the chooser.
    await signed;
    await clickRaw(page, '##aggregate');
    let st = await state(page);
    check(st.screen === 'aggregate' && st.aggregate.files === 0 && st.aggregate.trust === null && st.aggregate.busy === false,
          'Tổng hợp opens empty, without a trust list');
    await choose(page, '##agg:trust', trustFile);
    st = await waitState(page, (s) => s.aggregate.trust, 'trust list loaded');
    check(st.aggregate.trust.units === 7 && st.aggregate.trust.appraisers === 1, 'the trust list in use: 7 units, 1 appraiser key');
    const inboxFiles = fs.readdirSync(inbox).map((n) => path.join(inbox, n));
    await choose(page, '##agg:add', inboxFiles);
    st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.files === inboxFiles.length && s.aggregate.generation > 0,
                         'files checked', 30000);
    // The duplicate copy arrives by drag and drop onto the page.
    const dupText = fs.readFileSync(path.join(tmp, 'binhminh (1).json'), 'utf8');
    await page.evaluate(({name, text}) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, {type: 'application/json'}));
      document.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }, {name: 'binhminh (1).json', text: dupText});
    st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.files === inboxFiles.length + 1, 'dropped file checked', 15000);
    const c = st.aggregate.counts;
    check(c.files === 10 && c.valid === 6 && c.invalid === 2 && c.superseded === 1 && c.duplicate === 1 && c.missing === 1,
          `counts: ${c.files} files, ${c.valid} valid, ${c.invalid} invalid, ${c.superseded} superseded, ${c.duplicate} duplicate, ${c.missing} missing`);
    const by = Object.fromEntries(st.aggregate.intake.map((x) => [x.file, x]));
    check(by['anthanh_lan1.json'].status === 'superseded' && by['anthanh_lan2.json'].status === 'valid',
          'An Thạnh: the earlier file is superseded by the later one');
    check([by['binhminh.json'].status, by['binhminh (1).json'].status].sort().join() === 'duplicate,valid',
          'Bình Minh: the dropped copy counts once (duplicate)');
    // The same files chosen again (a folder given twice): one receipt each, the first, and a word
    // saying so; the duplicate under another name above stays a duplicate.
    const gen0 = st.aggregate.generation;
    await choose(page, '##agg:add', inboxFiles);
    const again = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.generation > gen0, 'the same files checked again', 30000);
    const c2 = again.aggregate.counts;
    check(again.aggregate.files === inboxFiles.length + 1 && c2.files === 10 && c2.valid === 6 && c2.duplicate === 1 && c2.superseded === 1,
          `the same files twice: ${again.aggregate.files} files kept, counts ${JSON.stringify(c2)}`);
    check(again.toastVisible && again.toast.includes(`Bỏ qua ${inboxFiles.length} tệp đã có trong danh sách (cùng tên, cùng nội dung)`),
          `the repeat is told: ${again.toast}`);
    check(JSON.stringify(again.aggregate.intake.map((x) => [x.file, x.status, x.received])) ===
          JSON.stringify(st.aggregate.intake.map((x) => [x.file, x.status, x.received])), 'every row as before, first receipt times kept');
    // The same files again as their folder ("hop-thu/binhminh.json"): the same file names and bytes.
    const gen1 = again.aggregate.generation;
    await choose(page, '##agg:folder', inbox);
    const viaFolder = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.generation > gen1, 'the same files as their folder', 30000);
    check(viaFolder.aggregate.files === inboxFiles.length + 1 && viaFolder.aggregate.counts.files === 10 &&
          viaFolder.aggregate.intake.every((x) => !x.file.startsWith('hop-thu/')), `files picked, then their folder: ${viaFolder.aggregate.files} files kept`);
    // A counted file's row opens its unit's page; the file it superseded opens nothing.
    await clickRaw(page, 'anthanh_lan1.json##agg:row');
    await settle(page);
    check((await state(page)).aggregate.unit === null, 'a superseded file\'s row opens no unit page');
    await clickRaw(page, 'anthanh_lan2.json##agg:row');
    await waitState(page, (s) => s.aggregate.unit === 'XA-ANTHANH', 'the counted file\'s row opens its unit page');
    await clickRaw(page, '##agg:back');
    await waitState(page, (s) => s.aggregate.unit === null, 'back to the list');
    check(by['myxuyen_sua-tay.json'].status === 'invalid' && /chữ ký|điểm/i.test(by['myxuyen_sua-tay.json'].reason),
          `the hand-edited file is invalid: ${by['myxuyen_sua-tay.json'].reason}`);
    check(by['hong.json'].status === 'invalid' && by['hong.json'].kind === 'unknown', `the broken file is invalid: ${by['hong.json'].reason}`);
    check(/Đã kiểm tra 10 tệp/.test(st.aggregate.summary) && /1 đơn vị trong danh sách chưa có bài nộp/.test(st.aggregate.summary),
          `summary: ${st.aggregate.summary}`);
    const rk = st.aggregate.ranking;
    const chau = rk.find((x) => x.code === 'XA-CHAUTHANH'), dai = rk.find((x) => x.code === 'XA-DAIHAI');
    check(rk.length === 6 && chau.rank === dai.rank && chau.tied && dai.tied && chau.final === dai.final,
          `tie: Châu Thành and Đại Hải share rank ${chau.rank} (${chau.final})`);
    check(rk.every((x, i) => i === 0 || rk[i - 1].final >= x.final), 'ranking in order of the final total');
    // hong.json names no unit, so the missing unit may have sent it: the summary and the missing
    // row say so (not a bare "Chưa nộp").
    check(/1 đơn vị trong danh sách chưa có bài nộp hợp lệ \(1 tệp không đọc được mã đơn vị: có thể là tệp của đơn vị này\)/.test(st.aggregate.summary),
          `the summary points at the file naming no unit: ${st.aggregate.summary}`);
    // The missing unit, through its filter.
    await clickRaw(page, '##agg:filter:missing');
    await settle(page);
    const missingText = await shownText(page, [5, 700]);
    check(missingText.includes('1 tệp không rõ đơn vị — có thể là của đơn vị này'),
          'the missing unit\'s row says one file named no unit');
    // Its tooltip has the whole note.
    const missingRow = await findRaw(page, '—##agg:row');
    await page.evaluate(() => window.cds.captureText(true));
    // (ImGui shows a tooltip after a short rest; a frame comes only with an event, so a second,
    // one-pixel move after the rest brings the frame that shows it.)
    await page.mouse.move(missingRow.x + missingRow.w / 2, missingRow.y + missingRow.h / 2);
    await page.waitForTimeout(400);
    await page.mouse.move(missingRow.x + missingRow.w / 2 + 1, missingRow.y + missingRow.h / 2);
    await settle(page);
    const tip = await page.evaluate(() => window.cds.text());
    await page.evaluate(() => window.cds.captureText(false));
    check(tip.includes('Không có tệp nào mang mã đơn vị này; có 1 tệp không đọc được mã đơn vị, có thể là tệp của đơn vị này (xem danh sách tệp)'),
          'hovering the missing row shows the whole note');
    await screenshot(page, 'aggregate-missing-1366x768.png');
    await page.mouse.move(5, 700);
    await dismissToast(page);
    await clickRaw(page, '##agg:filter:all');
    await dismissToast(page);
    await screenshot(page, 'aggregate-intake.png');

    // Ranking with the chart.
    await clickRaw(page, '##agg:view:ranking');
    await waitState(page, (s) => s.aggregate.view === 'ranking', 'ranking view');
    check(true, 'the ranking view');
    await dismissToast(page);
    await screenshot(page, 'aggregate-ranking.png');

    // A unit's page: Long Phú.
    await clickRaw(page, '##agg:unit:XA-LONGPHU');
    st = await waitState(page, (s) => s.aggregate.unit === 'XA-LONGPHU', 'unit page');
    check(st.aggregate.unit === 'XA-LONGPHU', 'the unit page opens from the ranking');
    const before = st.aggregate.ranking.find((x) => x.code === 'XA-LONGPHU');
    await press(page, '##agg:crit:4');
    await press(page, '##agg:adjust:3');
    await typeInto(page, '##agg:score:3', '2,5', {enter: false});
    // The long texts as whole inputs (the key-by-key path of Vietnamese is the form's test).
    await typeInto(page, '##agg:reason:3', 'Minh chứng chỉ có 5/8 thủ tục được số hóa', {enter: false, whole: true});
    await press(page, '##agg:sampled');
    await typeInto(page, '##agg:checked', '20', {enter: false});
    await typeInto(page, '##agg:verified', '18', {enter: false});
    await typeInto(page, '##agg:sampled-reason', 'Đối chiếu 20 hồ sơ thủ tục hành chính trên hệ thống', {enter: false, whole: true});
    await typeInto(page, '##agg:appraiser-name', 'Nguyễn Thị Hồng', {enter: false, whole: true});
    await typeInto(page, '##agg:appraiser-title', 'Chuyên viên', {enter: false, whole: true});
    await typeInto(page, '##agg:appraiser-org', 'Phòng Văn hóa và Thông tin huyện Mỹ Tú', {enter: false, whole: true});
    await typeInto(page, '##agg:pass', PASS, {enter: false, whole: true});
    await blur(page);
    await screenshot(page, 'aggregate-unit-editing.png');
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 30000}), press(page, '##agg:sign')]);
    const apFile = path.join(tmp, dl.suggestedFilename());
    await dl.saveAs(apFile);
    check(/^thamdinh_xa-longphu_soctrang-2023-thidua-xa_\d{8}-\d{4}\.json$/.test(dl.suggestedFilename()), `appraisal file ${dl.suggestedFilename()}`);
    st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.counts.appraisals_applied === 1, 'appraisal added and applied', 15000);
    const after = st.aggregate.ranking.find((x) => x.code === 'XA-LONGPHU');
    // Natively: the submission and the appraisal through `cds aggregate`.
    const outDir = path.join(tmp, 'bao-cao');
    try { cli(['aggregate', f('longphu.json'), apFile, '--out', outDir, '--json']); } catch (e) { if (e.status !== 0) throw e; }
    const report = JSON.parse(fs.readFileSync(path.join(outDir, 'report.json'), 'utf8'));
    check(report.appraisals.length === 1 && report.appraisals[0].applied === true, 'the signed appraisal verifies and applies natively (cds aggregate)');
    const native = report.rubrics[0].ranking[0].total;
    check(after.self === before.self && after.appraised !== after.self && Math.abs(after.appraised - native.appraised) < 1e-9 &&
          Math.abs(after.final - native.final) < 1e-9,
          `ranking shows self ${after.self} | appraised ${after.appraised} | final ${after.final} (native: ${native.self} | ${native.appraised} | ${native.final})`);
    check(Math.abs(after.final - Math.round(after.appraised * 0.9 * 100) / 100) < 1e-9, 'final = appraised × 18/20 (sampled check)');
    await dismissToast(page);
    await screenshot(page, 'aggregate-unit-signed.png');
    await page.mouse.move(683, 420);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -4000);
    await settle(page);
    await screenshot(page, 'aggregate-unit.png');

    // The ranking CSV for Excel.
    await clickRaw(page, '##agg:back');
    const [csvDl] = await Promise.all([page.waitForEvent('download'), clickRaw(page, '##agg:export:ranking')]);
    check(csvDl.suggestedFilename() === 'tong-hop-xep-hang.csv', 'ranking CSV file name');
    const csvPath = path.join(tmp, 'xep-hang.csv');
    await csvDl.saveAs(csvPath);
    const csv = fs.readFileSync(csvPath);
    check(csv[0] === 0xEF && csv[1] === 0xBB && csv[2] === 0xBF, 'the ranking CSV starts with a UTF-8 BOM');
    const csvText = csv.toString('utf8');
    check(csvText.includes('UBND xã Đại Hải') && csvText.includes('Thẩm định'), 'the CSV keeps Vietnamese unit names intact');
    // The same reports as one Excel workbook, made in the page.
    const [xlsxDl] = await Promise.all([page.waitForEvent('download'), clickRaw(page, '##agg:export:xlsx')]);
    const xlsxPath = path.join(tmp, 'tong-hop.xlsx');
    await xlsxDl.saveAs(xlsxPath);
    const xlsx = fs.readFileSync(xlsxPath);
    check(xlsxDl.suggestedFilename() === 'tong-hop.xlsx' && xlsx[0] === 0x50 && xlsx[1] === 0x4B && xlsx.includes(Buffer.from('xl/worksheets/sheet1.xml')),
          `the office's Excel workbook is a real .xlsx (${xlsx.length} bytes)`);

    // The JSON and HTML reports, the same ones `cds aggregate` writes.
    await dismissToast(page);
    const [jsonDl] = await Promise.all([page.waitForEvent('download'), clickRaw(page, '##agg:export:json')]);
    const jsonPath = path.join(tmp, 'tong-hop.json');
    await jsonDl.saveAs(jsonPath);
    const rep = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    const rkJson = rep.rubrics.flatMap((r) => r.ranking);
    const lp = rkJson.find((r) => r.unit.code === 'XA-LONGPHU');
    check(jsonDl.suggestedFilename() === 'tong-hop.json' && rep.format === 'cds-aggregate-report/1' &&
          rep.counts.valid === 6 && rep.counts.appraisals_applied === 1 && rep.missing.length === 1,
          `the JSON report: ${JSON.stringify(rep.counts)}`);
    check(lp && lp.appraisal && lp.appraisal.sampled_check.verified === 18 && lp.total.final < lp.total.appraised,
          'the JSON report carries the appraisal and its three columns');
    await dismissToast(page);
    const [htmlDl] = await Promise.all([page.waitForEvent('download'), clickRaw(page, '##agg:export:html')]);
    const htmlPath = path.join(tmp, 'tong-hop.html');
    await htmlDl.saveAs(htmlPath);
    const html = fs.readFileSync(htmlPath, 'utf8');
    check(htmlDl.suggestedFilename() === 'tong-hop.html' && /@page\s*\{[^}]*A4/.test(html) && (html.match(/<svg/g) || []).length >= 2 &&
          html.includes('UBND xã Đại Hải') && html.includes('Thẩm định'),
          'the HTML report: A4 page rule, charts, Vietnamese names, appraisal column');
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);

    // ---- Scale: 1,000 submissions from a folder ----
    background.nice = false;  // the browser waits for them now
    const scale = await scaleSet;
    console.log(`FIGURE aggregate test data: ${SCALE_FILES} submissions made by cds-gen in ${scale.ms} ms`);
    await clickRaw(page, '##agg:clear');
    await clickRaw(page, '##agg:clear-confirm');
    await clickRaw(page, '##agg:trust-clear');
    st = await waitState(page, (s) => s.aggregate.files === 0 && s.aggregate.trust === null, 'intake cleared, no trust list');
    check(st.aggregate.counts.files === 0, 'Làm lại empties the intake');
    // After Làm lại the same files are new again. A file refused unread for its size, given twice,
    // is one file too (the same name and size).
    await choose(page, '##agg:folder', inbox);
    await waitState(page, (s) => !s.aggregate.busy && s.aggregate.counts.files === inboxFiles.length, 'the folder taken again after Làm lại', 30000);
    const big = path.join(tmp, 'qua-lon.json');
    fs.writeFileSync(big, Buffer.alloc(17 * 1048576, 0x20));
    for (let k = 0; k < 2; k++) {
      const g = (await state(page)).aggregate.generation;
      await choose(page, '##agg:add', [big]);
      st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.generation > g, `a file over 16 MiB, given ${k + 1} time(s)`, 30000);
    }
    check(st.aggregate.files === inboxFiles.length + 1 && st.aggregate.counts.files === inboxFiles.length + 1 &&
          st.toastVisible && st.toast.includes('Bỏ qua 1 tệp đã có trong danh sách'),
          `a file over 16 MiB given twice is listed once (${st.aggregate.files} files; ${st.toast})`);
    fs.rmSync(big);
    await clickRaw(page, '##agg:clear');
    await clickRaw(page, '##agg:clear-confirm');
    await waitState(page, (s) => s.aggregate.files === 0, 'intake cleared again');
    const frames0 = await frames(page);
    const since = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    await choose(page, '##agg:folder', scale.dir);
    const samples = [];
    for (;;) {
      const s = (await state(page)).aggregate;
      samples.push({t: Date.now() - t0, busy: s.busy, pending: s.pending, frames: await frames(page), files: s.files});
      if (!s.busy && s.files === SCALE_FILES && s.generation > 0 && s.counts.files === SCALE_FILES) break;
      if (Date.now() - t0 > 150000) throw new Error('1,000 files not checked in time');
      await page.waitForTimeout(100);
    }
    const ms = Date.now() - t0;
    const held = await longTasks(page, since);
    await settle(page);
    st = await state(page);
    const busy = samples.filter((x) => x.busy);
    check(busy.length >= 2 && busy[0].pending > busy[busy.length - 1].pending,
          `the progress bar shows while checking (pending ${busy.length ? busy[0].pending : '-'} → ${busy.length ? busy[busy.length - 1].pending : '-'})`);
    check(busy.length >= 2 && busy[busy.length - 1].frames > busy[0].frames, 'the page keeps rendering frames while checking');
    check(st.aggregate.counts.valid === SCALE_FILES && st.aggregate.ranking.length === SCALE_FILES, `${SCALE_FILES} valid submissions ranked`);
    check(st.toast.includes('Đã bỏ qua 1 tệp không phải .json'), 'the folder\'s other file is skipped');
    // The folder came in slices of 256 files, each checked as it came: one receipt time for all.
    const receiptTimes = new Set(st.aggregate.intake.map((x) => x.received));
    check(st.aggregate.intake.length === SCALE_FILES && receiptTimes.size === 1,
          `the ${SCALE_FILES} files of one folder share one receipt time (${[...receiptTimes].join(', ')})`);
    // Beyond the first 4 MiB kept whole, the files kept for later are kept deflated: the 1,000
    // files (about 6 MB) end with some packed, and a packed file's unit page is explained as any.
    const packedRows = st.aggregate.intake.filter((x) => x.packed);
    check(st.aggregate.packedFiles > 0 && packedRows.length === st.aggregate.packedFiles && st.aggregate.heldBytes < st.aggregate.keptBytes,
          `files beyond 4 MiB are kept deflated (${st.aggregate.packedFiles} of ${st.aggregate.keptFiles}; ` +
          `${Math.round(st.aggregate.heldBytes / 1024)} KiB held for ${Math.round(st.aggregate.keptBytes / 1024)} KiB of files)`);
    const pk = packedRows[packedRows.length - 1];
    await clickRaw(page, '##agg:view:intake');
    await typeInto(page, '##agg:search', pk.file.split('/').pop(), {enter: false, whole: true});
    await settle(page);
    const pkRows = (await items(page)).filter((i) => i.visible && i.raw.endsWith('##agg:row'));
    check(pkRows.length === 1, `the search finds the packed file's row (${pkRows.length})`);
    await clickRaw(page, pkRows[0].raw);
    st = await waitState(page, (s) => s.aggregate.unit === pk.unit && s.aggregate.unitExplained, 'the unit page of a packed file, explained', 15000);
    check(st.aggregate.unitError === '', `a packed file's unit page verifies it again and explains its scores (${pk.unit})`);
    await clickRaw(page, '##agg:back');
    await typeInto(page, '##agg:search', '', {enter: false, whole: true});
    console.log(`FIGURE aggregate ${SCALE_FILES} files in the browser: ${ms} ms, longest frame ${st.aggregate.frameMsMax.toFixed(1)} ms`);
    // Any task holding the page, not only the frames: reading the folder, checking, the browser's own.
    console.log(`FIGURE aggregate ${SCALE_FILES} files: ` + (held === null ? 'long tasks not measured (no Long Tasks API)' :
                `${held.length} tasks held the page over 50 ms (the test's own reads left out), ` +
                `together ${held.reduce((a, [, d]) => a + d, 0)} ms; the longest (ms after the choice, ms): ` +
                JSON.stringify(held.slice().sort((a, b) => b[1] - a[1]).slice(0, 4))));
    console.log(`FIGURE aggregate ${SCALE_FILES} files: in-page ${Math.round(st.aggregate.lastBatchMs)} ms over ` +
                `${(await frames(page)) - frames0} frames; longest checking slice ${st.aggregate.checkMsMax.toFixed(1)} ms, ` +
                `finish() ${st.aggregate.finishMs.toFixed(1)} ms over ${st.aggregate.finishFrames} frames (longest ${st.aggregate.finishSliceMsMax.toFixed(1)} ms); ` +
                `${st.aggregate.keptFiles} files kept in memory ` +
                `(${Math.round(st.aggregate.keptBytes / 1024)} KiB)`);
    // The WebGL state ImGui reads back each frame is kept on the page's side once the intake
    // works (cds_js_cache_gl_state): what it keeps must be what the browser holds, also after the
    // context is lost and restored, and the page drawn again must be the same pixels.
    const glSame = async (when) => {
      const gl = await page.evaluate(() => window.cds.glState ? window.cds.glState() : null);
      check(gl !== null && gl.length === 8 && gl.every((g) => g.kept === null || JSON.stringify(g.kept) === JSON.stringify(g.real)) &&
            gl.filter((g) => g.kept !== null).length >= 7,
            `${when}: the WebGL state kept on the page is the browser's (${JSON.stringify(gl)})`);
    };
    await glSame(`after ${SCALE_FILES} files`);
    await settle(page);
    const glShot = await page.screenshot();
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
    await glSame('after the WebGL context was restored');
    check(Buffer.compare(glShot, await page.screenshot()) === 0, 'the page drawn again after the restored context is pixel-identical');
    await clickRaw(page, '##agg:view:ranking');
    await dismissToast(page);
    await screenshot(page, 'aggregate-ranking-1000.png');
    // Each report of the 1,000 units, timed from the click to the download (the page makes them;
    // the workbook's XML and ZIP are written by the Excel worker). A figure, not an assertion.
    // The text reports are written a few milliseconds per frame too (AggregateReportSteps), with a
    // progress bar and "Hủy"; the page keeps drawing.
    for (const [raw, file] of [['##agg:export:xlsx', 'tong-hop.xlsx'], ['##agg:export:ranking', 'tong-hop-xep-hang.csv'],
                               ['##agg:export:criteria', 'tong-hop-tieu-chi.csv'], ['##agg:export:json', 'tong-hop.json'],
                               ['##agg:export:html', 'tong-hop.html']]) {
      await settle(page);
      const f0 = await frames(page);
      const e0 = Date.now();
      const download = page.waitForEvent('download', {timeout: 120000});
      await clickRaw(page, raw);
      // The workbook is made over many frames (its rows a few ms per frame, then the Excel
      // worker): the page shows its progress and keeps drawing meanwhile.
      if (file.endsWith('.xlsx')) await screenshot(page, 'aggregate-xlsx-progress-1000.png');  // the bar, when still there
      const dl = await download;
      const took = Date.now() - e0;
      const drawn = (await frames(page)) - f0;
      const saved = path.join(tmp, 'scale-' + file);
      await dl.saveAs(saved);
      check(dl.suggestedFilename() === file && fs.statSync(saved).size > 0, `${SCALE_FILES} units: ${file} saved`);
      if (file.endsWith('.xlsx')) {
        const w = (await waitState(page, (s) => !s.aggregate.workbook.running, 'the Excel job ended')).aggregate.workbook;
        check(w.lastSlices > 1 && drawn > w.lastSlices, `the Excel report of ${SCALE_FILES} units is made over ${w.lastSlices} frames while the page draws (${drawn} frames)`);
        check(fs.readFileSync(saved).includes(Buffer.from('xl/worksheets/sheet1.xml')), 'the workbook from the worker is a real .xlsx');
        console.log(`FIGURE aggregate ${SCALE_FILES} units: report.xlsx rows made in ${Math.round(w.lastJsonMs)} ms (longest slice ${w.sliceMsMax.toFixed(1)} ms), ` +
                    `written by the worker in ${Math.round(w.lastMs - w.lastJsonMs)} ms`);
      }
      if (!file.endsWith('.xlsx')) {
        const r = (await waitState(page, (s) => !s.aggregate.report.running, 'the report job ended')).aggregate.report;
        check(r.name === file, `the last report made is ${file} (${r.name})`);
        // criteria.csv of 1,000 units (79 rows each) and report.json are far more than one slice.
        if (file === 'tong-hop-tieu-chi.csv' || file === 'tong-hop.json')
          check(r.lastSlices > 1 && drawn >= r.lastSlices, `${file} of ${SCALE_FILES} units is made over ${r.lastSlices} frames while the page draws (${drawn} frames)`);
        console.log(`FIGURE aggregate ${SCALE_FILES} units: ${file} made in ${Math.round(r.lastMs)} ms over ${r.lastSlices} frames (longest slice ${r.sliceMsMax.toFixed(1)} ms)`);
      }
      if (file === 'tong-hop.json') {
        // The app's report.json is the document `cds aggregate` writes: one file and one unit per line.
        const text = fs.readFileSync(saved, 'utf8');
        const rep = JSON.parse(text);
        check(rep.format === 'cds-aggregate-report/1' && rep.files.length === SCALE_FILES + 0 && rep.rubrics[0].ranking.length === SCALE_FILES &&
              text.split('\n').length > 2 * SCALE_FILES, `the JSON of ${SCALE_FILES} units is the line-per-unit report (${text.split('\n').length} lines)`);
        const outDir = path.join(tmp, 'scale-cli');
        try { cli(['aggregate', scale.dir, '--out', outDir]); } catch (e) { if (e.status !== 0 && e.status !== 1) throw e; }
        const native = JSON.parse(fs.readFileSync(path.join(outDir, 'report.json'), 'utf8'));
        const strip = (r) => JSON.stringify(r.rubrics.map((g) => g.ranking.map((u) => ({...u, file: undefined}))));  // paths differ
        check(strip(native) === strip(rep) && native.counts.valid === rep.counts.valid,
              'the app\'s report.json ranks and scores every unit exactly as cds aggregate does');
      }
      console.log(`FIGURE aggregate ${SCALE_FILES} units: ${file} ${took} ms from the click (${drawn} frames), ${Math.round(fs.statSync(saved).size / 1024)} KiB`);
    }
    // Idle means no input: the pointer rests off every widget (a pointer resting on one may take
    // a frame to show its tooltip, which is not idle work).
    await page.mouse.move(1, 767);
    await settle(page, 600);
    const idle = await frames(page);
    await page.waitForTimeout(800);
    const idleAfter = await frames(page);
    if (idleAfter !== idle) {
      const s = await state(page);
      console.log(`# ${idleAfter - idle} frames while idle: toastVisible ${s.toastVisible} (${s.toast}), busy ${s.aggregate.busy}, pending ${s.aggregate.pending}, screen ${s.screen}`);
    }
    check(idleAfter === idle, 'no frames while idle after checking');
    // The Excel report reads the result in place: emptying the intake while it is being made
    // stops it with a word, never a crash or a workbook of a result that is gone.
    // (Clicks without waiting for the page to go quiet: it does not while the report is made.)
    const clickNow = async (raw) => {
      const it = await findRaw(page, raw);
      await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
    };
    // "Hủy" stops a text report, and a change of the intake (one more file, a copy) stops one with
    // a word: its steps read the result in place, and it stops as soon as the files are being
    // checked again (a trust list given meanwhile keeps the old result until the new one is made,
    // and once let a report of the old intake be saved). Both are tried between two given frames
    // of report.json of 1,000 units: the page's frames are held and run one at a time, so the
    // click and the file land while the report is being made, on a quiet machine or a loaded one.
    // A click takes two frames (press, release) and the report only about five at full speed, so
    // each of these frames runs with the page's CPU slowed 20 times (DevTools' throttling, as for a
    // very old PC) and does a twentieth of the work; the test's own reads run at full speed.
    let downloaded = 0;
    page.on('download', () => { ++downloaded; });
    const lastName = (await state(page)).aggregate.report.name;
    const cdp = await page.context().newCDPSession(page);
    const slowFrame = async () => {
      await cdp.send('Emulation.setCPUThrottlingRate', {rate: 20});
      try { await stepFrame(page); } finally { await cdp.send('Emulation.setCPUThrottlingRate', {rate: 1}); }
    };
    await withHeldFrames(page, async () => {
      await clickNow('##agg:export:json');
      st = await stepUntil(page, (s) => s.aggregate.report.running, 'the JSON report started', 60, slowFrame);
      await slowFrame();
      st = await state(page);
      const r0 = st.aggregate.report;
      check(r0.running && r0.stepsDone > 0 && r0.stepsDone < r0.stepsTotal,
            `report.json of ${SCALE_FILES} units is being made, one frame at a time (${r0.stepsDone} of ${r0.stepsTotal} steps)`);
      await screenshot(page, 'aggregate-report-progress-1000.png');
      await clickNow('##agg:report-cancel');
      st = await stepUntil(page, (s) => !s.aggregate.report.running, 'the report stopped by Hủy', 10, slowFrame);
      await page.waitForTimeout(400);
      check(downloaded === 0 && st.aggregate.report.name === lastName,
            `Hủy stops a report being made: nothing downloaded (${downloaded}), the last report made still ${st.aggregate.report.name}`);
    });
    // A change of the intake while a report is made, between held frames: the report is running
    // when `file` lands through `chooserRaw`, and the next frame stops it with the word.
    const stopByChange = (reportRaw, chooserRaw, file, what) => withHeldFrames(page, async () => {
      await clickNow(reportRaw);
      st = await stepUntil(page, (s) => s.aggregate.report.running, `${reportRaw} started`, 60, slowFrame);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickNow(chooserRaw)]);
      await chooser.setFiles([file]);
      // The file is read and handed to the app between frames, as in any browser; no frame runs.
      st = await waitState(page, (s) => s.aggregate.busy, `${what} received`, 30000);
      check(st.aggregate.report.running, `the report is still being made when ${what} lands`);
      st = await stepUntil(page, (s) => !s.aggregate.report.running, `the report stopped by ${what}`, 10, slowFrame);
      check(st.toast.includes('Đã dừng lập báo cáo vì danh sách tệp vừa thay đổi'), `a report stopped by ${what} says so (${st.toast})`);
    });
    // A copy of a file already there under another name: a new file (a duplicate), not a repeat.
    const copy = path.join(tmp, 'ban-sao.json');
    fs.copyFileSync(path.join(scale.dir, fs.readdirSync(scale.dir).filter((f) => f.endsWith('.json'))[0]), copy);
    await stopByChange('##agg:export:json', '##agg:add', copy, 'a new file');
    await waitState(page, (s) => !s.aggregate.busy && s.aggregate.files === SCALE_FILES + 1, 'the new file checked', 60000);
    await page.waitForTimeout(400);
    check(downloaded === 0 && (await state(page)).aggregate.report.name === lastName,
          `adding a file while a report is made stops it, nothing saved (${downloaded} downloads)`);
    // A trust list given while a report is made (the outside tester's find): the old result stays
    // until the files are checked again under it, but the report stops at once.
    await stopByChange('##agg:export:criteria', '##agg:trust', path.join(tmp, 'gen-trust.json'), 'a trust list');
    st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.trust && s.aggregate.generation > 0, 'the files checked under the trust list', 60000);
    await page.waitForTimeout(400);
    check(downloaded === 0 && st.aggregate.trust.units === SCALE_FILES,
          `giving a trust list while a report is made stops it, nothing saved (${downloaded} downloads); the list is in use (${st.aggregate.trust.units} units)`);
    check(st.aggregate.counts.valid === SCALE_FILES && st.aggregate.counts.duplicate === 1 && st.aggregate.packedFiles > 0,
          `checked again under the trust list, packed files too: ${st.aggregate.counts.valid} valid, ${st.aggregate.counts.duplicate} duplicate, ${st.aggregate.packedFiles} packed`);
    // "Dừng" while the files already received are checked again (the trust list given once more):
    // they stay and their check goes on; a stop there once dropped every file not re-checked yet.
    // The page's frames are held and run one at a time (the re-check does about 10 ms of files a
    // frame), so the click lands during the re-check on a quick machine or a loaded one.
    await withHeldFrames(page, async () => {
      const [tc] = await Promise.all([page.waitForEvent('filechooser'), clickNow('##agg:trust')]);
      await tc.setFiles(path.join(tmp, 'gen-trust.json'));
      st = await stepUntil(page, (s) => s.aggregate.busy && s.aggregate.pending > 0, 'the files checked again under the trust list', 60);
      await stepFrame(page);  // the list may be taken between frames: one frame draws "Dừng"
      await clickNow('##agg:cancel');
      st = await stepUntil(page, (s) => s.toast.includes('Không có tệp mới nào để dừng'), 'the stop during the re-check told', 20);
      check(st.aggregate.busy && st.aggregate.pending > 0, `"Dừng" landed during the re-check (${st.aggregate.pending} files still to check)`);
    });
    st = await waitState(page, (s) => !s.aggregate.busy && s.aggregate.generation > 0, 'the re-check ended after "Dừng"', 120000);
    check(st.aggregate.files === SCALE_FILES + 1 && st.aggregate.counts.files === SCALE_FILES + 1 && st.aggregate.counts.valid === SCALE_FILES,
          `"Dừng" during the re-check keeps every file received and checks them all (${st.aggregate.files} files, ${st.aggregate.counts.valid} valid): ${st.toast}`);
    // The table's rows of a new result are made over frames too, before it is shown: the language
    // switched meanwhile must not leave the rows made before it in the other one. One more file,
    // its result's rows made with the page's CPU slowed 20 times, English chosen among them.
    const another = path.join(tmp, 'ban-sao-2.json');
    fs.copyFileSync(copy, another);
    await withHeldFrames(page, async () => {
      const [ac] = await Promise.all([page.waitForEvent('filechooser'), clickNow('##agg:add')]);
      await ac.setFiles([another]);
      await waitState(page, (s) => s.aggregate.busy, 'one more file received', 30000);
      // At full speed a frame can finish the roll-up and make every row: 4 times slower here.
      const slowerFrame = async () => {
        await cdp.send('Emulation.setCPUThrottlingRate', {rate: 4});
        try { await stepFrame(page); } finally { await cdp.send('Emulation.setCPUThrottlingRate', {rate: 1}); }
      };
      st = await stepUntil(page, (s) => s.aggregate.finishRows > 0, 'the new result\'s rows begun', 200, slowerFrame);
      const begun = st.aggregate.finishRows;
      await clickNow('English##lang');  // beside the title on a PC
      st = await stepUntil(page, (s) => s.lang === 'en', 'English chosen', 6, slowFrame);
      check(st.lang === 'en' && st.aggregate.finishRows > 0 && st.aggregate.finishRows < SCALE_FILES,
            `English chosen while the rows were made (${begun} then ${st.aggregate.finishRows} of about ${SCALE_FILES + 2}): ${st.lang}`);
      st = await stepUntil(page, (s) => !s.aggregate.busy, 'the result with its rows', 400);  // at full speed again
    });
    await clickRaw(page, '##agg:view:intake');
    await clickRaw(page, '##agg:search');  // the whole table, not the search an earlier step left
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    const shown = await shownText(page);
    const validRows = (shown.match(/\| Valid \| Counted/g) || []).length;
    check(!/Hợp lệ|Bị thay thế|Trùng lặp|Không hợp lệ|Được tính/.test(shown) && validRows >= 10,
          `every row shown in English after the switch (Vietnamese: "${(shown.match(/.{0,80}(Hợp lệ|Bị thay thế|Trùng lặp|Không hợp lệ|Được tính).{0,40}/) || ['none'])[0]}"; ${validRows} valid rows in English)`);
    await clickRaw(page, 'Tiếng Việt##lang');
    await waitState(page, (s) => s.lang === 'vi', 'Vietnamese again', 10000);
    // Emptying the intake stops the Excel report: between held frames as well (at full speed the
    // workbook's rows of 1,000 units take about 30 frames, and "Làm lại" and its confirmation two
    // clicks of two frames each, so the job could end first on a quick machine).
    await withHeldFrames(page, async () => {
      await clickNow('##agg:export:xlsx');
      await stepUntil(page, (s) => s.aggregate.workbook.running, 'the Excel job started', 60, slowFrame);
      await clickNow('##agg:clear');
      let confirm = null;
      for (let i = 0; i < 10 && !confirm; i++) {
        await slowFrame();
        confirm = await findRaw(page, '##agg:clear-confirm', {timeout: 200}).catch(() => null);
      }
      check(confirm !== null, '"Làm lại" asks for a confirmation');
      st = await state(page);
      check(st.aggregate.workbook.running, `the Excel report is still being made when the intake is emptied (${st.aggregate.workbook.rowsDone} of ${st.aggregate.workbook.rowsTotal} rows)`);
      await clickNow('##agg:clear-confirm');
      st = await stepUntil(page, (s) => !s.aggregate.workbook.running && s.aggregate.files === 0, 'the Excel job stopped by Làm lại', 10, slowFrame);
    });
    check(st.toast.includes('Đã dừng lập báo cáo Excel vì danh sách tệp vừa thay đổi'), `emptying the intake stops the Excel report with a word (${st.toast})`);
    // A folder is checked while it is still being read. Reading is held after its first slice (the
    // page's own Blob.arrayBuffer, gated), and the nine inbox files are chosen meanwhile (their
    // request waits its turn), so "Dừng" and "Làm lại" land while files are still to come: those
    // are never read, the stop counts them, and nothing arrives after — not even the folder's
    // skipped file's note.
    const holdReading = () => page.evaluate(() => {
      if (!window.__origArrayBuffer) window.__origArrayBuffer = Blob.prototype.arrayBuffer;
      const orig = window.__origArrayBuffer;
      window.__reads = 0;
      window.__done = 0;
      window.__gate = new Promise((r) => { window.__open = r; });
      Blob.prototype.arrayBuffer = async function () {
        if (++window.__reads > 256) await window.__gate;
        const b = await orig.call(this);
        ++window.__done;
        return b;
      };
    });
    // The gate opened: every read begun has ended (so anything still to be handed over has been),
    // and the app has drawn what came of it.
    const releaseReading = async () => {
      await page.evaluate(() => window.__open());
      await page.waitForFunction(() => window.__done === window.__reads, null, {timeout: 30000});
      await settle(page);
    };
    const scaleEntries = fs.readdirSync(scale.dir).length;
    await holdReading();
    await choose(page, '##agg:folder', scale.dir);
    st = await waitState(page, (s) => s.aggregate.arriving && s.aggregate.checked > 0 && s.aggregate.pending === 0,
                         'the first slice of the folder checked while the rest is read', 60000);
    check(st.aggregate.checked >= 255 && st.aggregate.checked + st.aggregate.toCome === SCALE_FILES && st.aggregate.busy,
          `the first slice is checked before the folder is read (${st.aggregate.checked} checked, ${st.aggregate.toCome} to come of ${SCALE_FILES} submissions)`);
    await page.waitForTimeout(400);  // the progress bar's figures move five times a second
    await screenshot(page, 'aggregate-reading-and-checking.png');
    const toCome = st.aggregate.toCome;
    await choose(page, '##agg:add', inboxFiles);
    await clickRaw(page, '##agg:cancel');
    st = await waitState(page, (s) => !s.aggregate.busy, 'stopped while the folder is read', 30000);
    check(st.toast.includes(`Đã dừng kiểm tra: ${toCome + inboxFiles.length} tệp chưa đọc không được thêm`),
          `"Dừng" while the folder is read counts the files not read, the folder's and those chosen after it (${toCome} + ${inboxFiles.length}): ${st.toast}`);
    const kept = st.aggregate.files;
    await releaseReading();
    st = await state(page);
    const reads = await page.evaluate(() => window.__reads);
    check(!st.aggregate.busy && st.aggregate.files === kept && st.aggregate.counts.files === kept && kept >= 255 && kept <= 256,
          `nothing arrives after "Dừng" (${st.aggregate.files} files, ${kept} when stopped)`);
    check(reads <= 512, `the files after the stop are never read (${reads} reads of ${scaleEntries})`);
    check(st.toast.startsWith('Đã dừng kiểm tra'), `the stop's word stays (no note about the stopped folder's skipped file): ${st.toast}`);
    // The folder again: its first slice holds the 256 files kept, now repeats. A stop then says
    // what the stop did, not what the repeats were.
    await holdReading();
    await choose(page, '##agg:folder', scale.dir);
    await waitState(page, (s) => s.aggregate.arriving && s.aggregate.pending === 0, 'the folder given again, held after its first slice', 60000);
    await clickRaw(page, '##agg:cancel');
    st = await waitState(page, (s) => !s.aggregate.busy, 'stopped on repeats', 30000);
    await releaseReading();
    st = await state(page);
    check(st.toast.startsWith('Đã dừng kiểm tra: 744 tệp chưa đọc') && st.aggregate.files === kept,
          `"Dừng" on a slice of repeats says what it stopped (${st.toast}; ${st.aggregate.files} files)`);
    await holdReading();
    await choose(page, '##agg:folder', scale.dir);
    await waitState(page, (s) => s.aggregate.arriving && s.aggregate.pending === 0, 'the folder given a third time, held after its first slice', 60000);
    await choose(page, '##agg:add', inboxFiles);
    await clickRaw(page, '##agg:clear');
    await clickRaw(page, '##agg:clear-confirm');
    await waitState(page, (s) => s.aggregate.files === 0 && !s.aggregate.busy, '"Làm lại" while the folder is read', 30000);
    await releaseReading();
    st = await state(page);
    check(st.aggregate.files === 0 && !st.aggregate.busy && (await page.evaluate(() => window.__reads)) <= 512 && !st.toast.includes('Bỏ qua'),
          `"Làm lại" while the folder is read: nothing of it arrives after, nor a word about it (${st.aggregate.files} files; ${st.toast})`);
    // The folder's files dropped on the intake come slice by slice too: the first slice is checked
    // while the rest is read, and "Dừng" stops the rest unread. (Files dropped elsewhere are handed
    // over whole.) The page's own File objects: a hidden input of the test's, given the files.
    const scaleFiles = fs.readdirSync(scale.dir).filter((f) => f.endsWith('.json')).map((f) => path.join(scale.dir, f));
    await page.evaluate(() => {
      const i = document.createElement('input');
      Object.assign(i, {type: 'file', multiple: true, id: 'test-drop'});
      i.style.display = 'none';
      document.body.appendChild(i);
    });
    await page.setInputFiles('#test-drop', scaleFiles);
    await holdReading();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      for (const f of document.getElementById('test-drop').files) dt.items.add(f);
      document.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    });
    st = await waitState(page, (s) => s.aggregate.arriving && s.aggregate.checked > 0 && s.aggregate.pending === 0,
                         'the first slice of a drop checked while the rest is read', 60000);
    check(st.aggregate.checked >= 255 && st.aggregate.checked + st.aggregate.toCome === SCALE_FILES && st.aggregate.busy,
          `a drop of ${SCALE_FILES} files: the first slice is checked before the rest is read (${st.aggregate.checked} checked, ${st.aggregate.toCome} to come)`);
    const dropToCome = st.aggregate.toCome;
    // A file dropped on the home screen meanwhile (to be verified) waits for the intake's reading,
    // is not cut by "Dừng", and goes where it was dropped even though "Tổng hợp" is open again when
    // it arrives (it once went into the intake, after the stop).
    await clickRaw(page, '← Trang chủ');
    await waitState(page, (s) => s.screen === 'home', 'home while the drop is read');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(document.getElementById('test-drop').files[0]);
      document.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    });
    await clickRaw(page, '##aggregate');
    await waitState(page, (s) => s.screen === 'aggregate', 'Tổng hợp again');
    await clickRaw(page, '##agg:cancel');
    st = await waitState(page, (s) => !s.aggregate.busy, 'the drop stopped while it is read', 30000);
    check(st.toast.includes(`Đã dừng kiểm tra: ${dropToCome} tệp chưa đọc không được thêm`),
          `"Dừng" stops a drop being read and counts the files not read (${dropToCome}): ${st.toast}`);
    const keptOfDrop = st.aggregate.files;
    await releaseReading();
    st = await waitState(page, (s) => s.screen === 'verify' && s.verified, 'the file dropped on the home screen verified', 30000);
    check(!st.aggregate.busy && st.aggregate.files === keptOfDrop && keptOfDrop >= 255 && keptOfDrop <= 256 &&
          (await page.evaluate(() => window.__reads)) <= 513,
          `nothing of the drop arrives after "Dừng", nor is read (${st.aggregate.files} files kept)`);
    check(st.verified.ok && scaleFiles[0].endsWith(st.verified.file),
          `the file dropped on the home screen opens in "Kiểm tra bài nộp", not in the intake (${st.verified.file})`);
    await page.evaluate(() => { Blob.prototype.arrayBuffer = window.__origArrayBuffer; });
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
