// Issue #20, the dossier in the app: evidence files attached to a draft are kept on the device
// (IndexedDB "ev:<sha256>", once per file however many criteria cite it); signing saves one .zip
// with the signed submission and those files, which `cds verify` accepts natively with every
// file matching; a file the browser no longer holds is asked for again and the dossier saved after
// it is chosen; the plain .json stays one click away; removing the last citation of a file drops
// its bytes. Screenshots of the dossier panel on a PC and a phone.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {launch, startServer, openApp, state, check, run, waitState, clickRaw, typeInto, blur, scrollTo, screenshot, settle, headOpensDossier, BUILD, openForm, startDraft} from './lib.mjs';

const CDS = path.join(BUILD, 'native', 'bin', 'cds');
const PASS = 'mưa đầu mùa trên đồi chè';

const evKeys = (page) => page.evaluate(() => new Promise((res) => {
  const r = indexedDB.open('cds');
  r.onsuccess = () => {
    const keys = [];
    const c = r.result.transaction('kv').objectStore('kv').openKeyCursor();
    c.onsuccess = () => { const x = c.result; if (!x) return res(keys.filter((k) => k.startsWith('ev:'))); keys.push(x.key); x.continue(); };
  };
}));
const dropKey = (page, key) => page.evaluate((k) => new Promise((res) => {
  const r = indexedDB.open('cds');
  r.onsuccess = () => { const tx = r.result.transaction('kv', 'readwrite'); tx.objectStore('kv').delete(k); tx.oncomplete = () => res(true); };
}), key);

run('dossier', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-dossier-'));
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    const {page, errors} = await openApp(browser, server.url, {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    await startDraft(page, 'soctrang-2023-thidua-xa');
    await typeInto(page, '##unit:name', 'UBND xã Đại Hải', {enter: false, whole: true});
    await typeInto(page, '##unit:code', 'XA-DAIHAI', {enter: false, whole: true});
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '55');

    // Two files on criterion 3, the first again on criterion 12.
    const pdf = path.join(tmp, 'Kế hoạch số 12.pdf');
    const png = path.join(tmp, 'Ảnh chụp màn hình.png');
    fs.writeFileSync(pdf, crypto.randomBytes(300000));
    fs.writeFileSync(png, crypto.randomBytes(120000));
    const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
    const attach = async (criterion, files) => {
      await scrollTo(page, `##details:${criterion}`);  // rows with a "Nguồn số liệu" line push 12 below the fold
      await clickRaw(page, `##details:${criterion}`);
      await scrollTo(page, 'Chọn tệp…##evidence');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Chọn tệp…##evidence')]);
      await chooser.setFiles(files);
      await waitState(page, (s) => s.draft.evidence[criterion] === files.length, `evidence on criterion ${criterion}`);
      await screenshot(page, `dossier-form-evidence-${criterion}-1366x768.png`);
      await scrollTo(page, `##details:${criterion}`);
      await clickRaw(page, `##details:${criterion}`);
    };
    await attach('3', [pdf, png]);
    await attach('12', [pdf]);
    let keys = [];
    for (let i = 0; i < 40 && keys.length < 2; i++) { keys = await evKeys(page); await page.waitForTimeout(100); }
    check(keys.length === 2 && keys.includes('ev:' + sha(pdf)) && keys.includes('ev:' + sha(png)),
          `each evidence file kept once on the device by its SHA-256 (${keys.length} kept)`);

    // A key, then sign: the dossier is what is saved.
    await clickRaw(page, '##submit');
    await clickRaw(page, '##tokeys');
    await typeInto(page, '##key:pass1', PASS, {enter: false, whole: true});
    await typeInto(page, '##key:pass2', PASS, {enter: false, whole: true});
    await blur(page);
    await clickRaw(page, 'Tạo khóa');
    await waitState(page, (s) => s.keys.length === 1, 'key created', 20000);
    await clickRaw(page, '← Quay lại');
    await clickRaw(page, '##confirm');
    await typeInto(page, '##submit:pass', PASS, {enter: false, whole: true});
    await blur(page);
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 30000}), clickRaw(page, '##sign')]);
    check(/^xa-daihai_soctrang-2023-thidua-xa_\d{8}-\d{4}\.zip$/.test(dl.suggestedFilename()), `signing saves the dossier ${dl.suggestedFilename()}`);
    const zip = path.join(tmp, 'dossier.zip');
    await dl.saveAs(zip);
    let st = await waitState(page, (s) => s.dossier && s.dossier.saved, "dossier saved");
    check(st.dossier.files === 2 && st.draft.submissions.length === 1, 'two distinct files in the dossier, one submission recorded');
    let v = spawnSync(CDS, ['verify', zip], {encoding: 'utf8'});
    check(v.status === 0 && v.stdout.includes('HỢP LỆ') && v.stdout.includes('2/2 tệp kiểm chứng khớp'),
          `cds verify accepts the app's dossier natively, 2/2 files match (exit ${v.status})`);
    const listing = spawnSync('python3', ['-c', 'import sys,zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], {encoding: 'utf8'}).stdout;
    // criterion ids in byte order ("12" before "3"): the pdf cited by both lies under 12, once
    check(listing.trim().split('\n').length === 3 && listing.includes('submission.json') && listing.includes('evidence/12/Ke hoach so 12.pdf') &&
          !listing.includes('evidence/3/Ke hoach so 12.pdf') && listing.includes('evidence/3/Anh chup man hinh.png'),
          'the file cited twice is stored once, under its first criterion in id order, ASCII names');
    await scrollTo(page, '##dossier:json');
    await screenshot(page, 'dossier-panel-1366x768.png');

    // The plain .json is one click away, and verifies on its own (evidence matched as loose files).
    const [dj] = await Promise.all([page.waitForEvent('download'), clickRaw(page, '##dossier:json')]);
    const json = path.join(tmp, dj.suggestedFilename());
    await dj.saveAs(json);
    fs.mkdirSync(path.join(tmp, 'loose'));
    fs.copyFileSync(pdf, path.join(tmp, 'loose', 'a.pdf'));
    fs.copyFileSync(png, path.join(tmp, 'loose', 'b.png'));
    v = spawnSync(CDS, ['verify', json, '--evidence', path.join(tmp, 'loose')], {encoding: 'utf8'});
    check(v.status === 0 && v.stdout.includes('2/2'), 'the .json alone verifies with the evidence sent as loose files');

    // The browser lost one file's copy: the app says which and asks for it again.
    await dropKey(page, 'ev:' + sha(png));
    await clickRaw(page, '##dossier:save');
    st = await waitState(page, (s) => s.dossier && !s.dossier.busy && s.dossier.missing === 1, 'one file reported missing');
    check(st.dossier.error.includes('không còn 1 tệp'), `the reason in Vietnamese: ${st.dossier.error.slice(0, 60)}…`);
    await screenshot(page, 'dossier-missing-1366x768.png');
    // A wrong file is refused, the right one accepted; the dossier is then saved.
    const wrong = path.join(tmp, 'khác.png');
    fs.writeFileSync(wrong, crypto.randomBytes(1000));
    let [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, '##dossier:repick')]);
    await chooser.setFiles(wrong);
    await page.waitForTimeout(500);
    st = await state(page);
    check(st.dossier.missing === 1 && !st.dossier.saved, 'a file with other content is not taken for the missing one (nothing shown as saved)');
    const renamed = path.join(tmp, 'tên khác.png');
    fs.copyFileSync(png, renamed);
    [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, '##dossier:repick')]);
    const [dl2] = await Promise.all([page.waitForEvent('download', {timeout: 30000}), chooser.setFiles(renamed)]);
    const zip2 = path.join(tmp, 'dossier2.zip');
    await dl2.saveAs(zip2);
    v = spawnSync(CDS, ['verify', zip2], {encoding: 'utf8'});
    check(v.status === 0 && v.stdout.includes('2/2'), 'the same file under another name is found by content; the dossier saved again verifies');
    check(fs.readFileSync(zip).equals(fs.readFileSync(zip2)), 'the same signed file and evidence give the same dossier bytes');

    // Removing the last citation of a file drops its bytes; one still cited stays.
    await clickRaw(page, '← Quay lại bảng điểm');
    await scrollTo(page, '##details:3');
    await clickRaw(page, '##details:3');
    await scrollTo(page, 'Chọn tệp…##evidence');
    const items = await page.evaluate(() => window.cds.items());
    const removes = items.filter((i) => i.raw === '×');
    check(removes.length >= 2, `remove buttons shown (${removes.length})`);
    await page.mouse.click(removes[1].x + removes[1].w / 2, removes[1].y + removes[1].h / 2);  // the png, cited once
    await page.waitForTimeout(300);
    await page.mouse.click(removes[0].x + removes[0].w / 2, removes[0].y + removes[0].h / 2);  // the pdf (still cited by 12)
    await waitState(page, (s) => !s.draft.evidence['3'], 'both removed from criterion 3');
    for (let i = 0; i < 30; i++) { keys = await evKeys(page); if (keys.length === 1) break; await page.waitForTimeout(100); }
    check(keys.length === 1 && keys[0] === 'ev:' + sha(pdf), 'the png (no longer cited) dropped from storage, the pdf (criterion 12) kept');

    // The head of the unit, on another device with a key of their own: opens the dossier, sees
    // who has signed and the evidence check, countersigns; the dossier comes back with both
    // signatures and every file.
    const head = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    const hp = (await openApp(browser, server.url, {context: head})).page;
    let hs = await headOpensDossier(hp, PASS + ' thủ trưởng', zip);
    let hc;
    check(hs.verified.ok && hs.verified.evidence === '2/2 tệp kiểm chứng khớp' && hs.verified.roles.join() === 'preparer',
          `the head sees a valid dossier, 2/2 files, signed by the preparer only (${hs.verified.evidence})`);
    await screenshot(hp, 'countersign-before-1366x768.png');
    await typeInto(hp, '##cs:pass', PASS + ' thủ trưởng', {enter: false, whole: true});
    await blur(hp);
    const [cz] = await Promise.all([hp.waitForEvent('download', {timeout: 30000}), clickRaw(hp, '##cs:sign')]);
    const zip3 = path.join(tmp, 'countersigned.zip');
    await cz.saveAs(zip3);
    hs = await waitState(hp, (s) => s.verified && s.verified.roles.length === 2, 'head: both signatures shown');
    check(hs.verified.ok && hs.verified.roles.join() === 'preparer,head', 'after countersigning the screen shows both signatures');
    v = spawnSync(CDS, ['verify', zip3], {encoding: 'utf8'});
    check(v.status === 0 && v.stdout.includes('2/2') && /thủ trưởng|head/i.test(v.stdout), `cds verify: the countersigned dossier holds, 2/2 files (exit ${v.status})`);
    const roles = spawnSync('python3', ['-c', 'import sys,json,zipfile; print(",".join(s["role"] for s in json.loads(zipfile.ZipFile(sys.argv[1]).read("submission.json"))["signatures"]))', zip3], {encoding: 'utf8'}).stdout.trim();
    check(roles === 'preparer,head', `the dossier's submission carries preparer and head (${roles})`);
    await screenshot(hp, 'countersign-after-1366x768.png');
    // Hostile dossiers opened by the head: refused with the reason in Vietnamese, nothing shown as valid.
    const hostile = path.join(tmp, 'hostile');
    fs.mkdirSync(hostile);
    spawnSync('python3', ['-c', `
import sys, zipfile
d = sys.argv[1]; sub = zipfile.ZipFile(sys.argv[2]).read("submission.json")
with zipfile.ZipFile(d + "/bom.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("submission.json", sub); z.writestr("evidence/1/zeros.bin", b"\\0" * (30 << 20))
with zipfile.ZipFile(d + "/duong-dan.zip", "w") as z:
    z.writestr("submission.json", sub); z.writestr("../../ngoai.txt", b"x")
open(d + "/khong-phai.zip", "wb").write(b"PK\\3\\4 not really a zip")`, hostile, zip3]);
    for (const [file, words] of [['bom.zip', 'bom ZIP'], ['duong-dan.zip', '".."'], ['khong-phai.zip', 'không phải hồ sơ ZIP']]) {
      [hc] = await Promise.all([hp.waitForEvent('filechooser'), clickRaw(hp, 'Mở tệp bài nộp…')]);
      await hc.setFiles(path.join(hostile, file));
      const t = await waitState(hp, (s) => s.toast && s.toast.includes(file), `hostile ${file}: a message`, 20000);
      check(t.toast.includes(words) && (!t.verified || t.verified.file !== file), `${file} refused: ${t.toast.slice(0, 90)}`);
    }

    // A second countersignature is not offered; a tampered dossier is refused in plain words.
    check(!(await hp.evaluate(() => window.cds.items())).some((i) => i.raw.endsWith('##cs:sign')), 'no second countersign offered');
    // A phone now: the picker zones are those of the next frame's layout, so wait for it (a loaded
    // CI machine may not have drawn one yet right after the resize).
    await hp.setViewportSize({width: 360, height: 640});
    await hp.waitForFunction(() => window.innerWidth === 360);
    await settle(hp, 300);
    [hc] = await Promise.all([hp.waitForEvent('filechooser'), clickRaw(hp, 'Mở tệp bài nộp…')]);
    await hc.setFiles(zip);
    await waitState(hp, (s) => s.verified && s.verified.roles.length === 1, 'head: the preparer-only dossier again');
    await scrollTo(hp, '##cs:sign');
    await screenshot(hp, 'countersign-360x640.png');
    await head.close();

    // The office edition takes dossiers into "Tổng hợp": the evidence tally per file.
    const office = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN'});
    const op = (await openApp(browser, server.url + '?office', {context: office})).page;
    await waitState(op, (s) => s.storage.loaded, 'office: storage loaded', 20000);
    await clickRaw(op, '##aggregate');
    const edited = path.join(tmp, 'thieu.zip');
    spawnSync('python3', ['-c', `
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1]); out = zipfile.ZipFile(sys.argv[2], "w")
for n in src.namelist():
    if n.endswith(".png"): continue
    out.writestr(n, src.read(n))
out.close()`, zip3, edited]);
    const [oc] = await Promise.all([op.waitForEvent('filechooser'), clickRaw(op, '##agg:add')]);
    await oc.setFiles([zip3, edited]);
    const os2 = await waitState(op, (s) => s.aggregate && !s.aggregate.busy && s.aggregate.intake.length === 2, 'office: two dossiers checked', 30000);
    const ev = os2.aggregate.intake.map((r) => r.evidence).sort();
    check(ev[0] === '1/2 tệp kiểm chứng khớp: thiếu 1' && ev[1] === '2/2 tệp kiểm chứng khớp', `office intake: evidence per dossier (${ev.join(' | ')})`);
    await screenshot(op, 'office-dossiers-1366x768.png');
    check(os2.aggregate.intake.find((r) => r.file === 'countersigned.zip').status === 'valid',
          'of the two copies, the dossier with all its evidence is the one counted');
    // The appraiser opens a criterion's evidence from the dossier, next to the criterion.
    await clickRaw(op, '##agg:view:ranking');
    await clickRaw(op, '##agg:unit:XA-DAIHAI');
    await waitState(op, (s) => s.aggregate.unit === 'XA-DAIHAI', 'office: the unit page');
    await scrollTo(op, '##agg:crit:3');
    await clickRaw(op, '##agg:crit:3');
    await scrollTo(op, '##ev:open');
    const [evdl] = await Promise.all([op.waitForEvent('download', {timeout: 30000}), clickRaw(op, '##ev:open')]);
    const evFile = path.join(tmp, 'opened-evidence');
    await evdl.saveAs(evFile);
    check(evdl.suggestedFilename() === 'Kế hoạch số 12.pdf' && fs.readFileSync(evFile).equals(fs.readFileSync(pdf)),
          `the evidence file opens from the dossier, byte for byte (${evdl.suggestedFilename()})`);
    await screenshot(op, 'office-unit-evidence-1366x768.png');
    await office.close();
    // The dossier that lost a file, alone (so it counts): that file is said missing, only the other opens.
    const office2 = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN'});
    const op2 = (await openApp(browser, server.url + '?office', {context: office2})).page;
    await waitState(op2, (s) => s.storage.loaded, 'office 2: storage loaded', 20000);
    await clickRaw(op2, '##aggregate');
    const [oc2] = await Promise.all([op2.waitForEvent('filechooser'), clickRaw(op2, '##agg:add')]);
    await oc2.setFiles([edited]);
    await waitState(op2, (s) => s.aggregate && !s.aggregate.busy && s.aggregate.intake.length === 1, 'office 2: the dossier checked', 30000);
    await clickRaw(op2, '##agg:view:ranking');
    await clickRaw(op2, '##agg:unit:XA-DAIHAI');
    await waitState(op2, (s) => s.aggregate.unit === 'XA-DAIHAI', 'office 2: the unit page');
    await scrollTo(op2, '##agg:crit:3');
    await op2.evaluate(() => window.cds.captureText(true));
    await clickRaw(op2, '##agg:crit:3');
    await settle(op2);
    const its = await op2.evaluate(() => window.cds.items());
    const shown = await op2.evaluate(() => window.cds.text());
    check(its.filter((i) => i.raw.endsWith('##ev:open')).length === 1 && /Ảnh chụp màn hình\.png[^\n]*thiếu trong hồ sơ/.test(shown),
          'the unit page says which evidence file the dossier lacks, and offers to open only the other');
    await scrollTo(op2, '##ev:open');
    await screenshot(op2, 'office-unit-evidence-missing-1366x768.png');
    await office2.close();

    // The phone: the panel after signing, read at 360×640.
    await page.setViewportSize({width: 360, height: 640});
    await page.waitForFunction(() => window.innerWidth === 360);
    await settle(page, 300);
    await clickRaw(page, '##submit');
    await scrollTo(page, '##dossier:json');
    await screenshot(page, 'dossier-panel-360x640.png');
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
