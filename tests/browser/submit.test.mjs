// Issue: signed submissions in the app. Create a key (strength hint, passphrase never stored),
// export its backup and public key, fill a draft, "Nộp bài" (lists what is unanswered, asks to
// confirm, wrong passphrase refused), sign and save; the file verifies natively with `cds verify`
// (byte-identical canonical form across builds); the draft keeps the submission history; "Kiểm tra
// bài nộp" gives the verdict in plain words, for the good file and for a tampered one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync, spawnSync} from 'node:child_process';
import {launch, startServer, openApp, state, check, run, waitState, clickRaw, typeInto, blur, shownText, BUILD, openForm} from './lib.mjs';

const CDS = path.join(BUILD, 'native', 'bin', 'cds');
const PASS = 'mưa đầu mùa trên đồi chè';

run('submit', async () => {
  const server = await startServer();
  const browser = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-submit-'));
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', acceptDownloads: true});
    const {page, errors} = await openApp(browser, server.url, {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    // A draft with a unit code.
    await clickRaw(page, '##start:soctrang-2023-thidua-xa');
    await typeInto(page, '##unit:name', 'UBND xã Đại Hải', {enter: false, whole: true});
    await typeInto(page, '##unit:code', 'XA-DAIHAI', {enter: false, whole: true});
    await openForm(page);
    await typeInto(page, '##in:3:ty_le', '55');
    await typeInto(page, '##in:12:ty_le', '45');
    let st = await state(page);
    const total = st.draft.total;
    check(Math.abs(total - 15.17) < 1e-9, `draft total 9,17 + 6 = 15,17 (got ${total})`);

    // Nộp bài without a key → create one.
    await clickRaw(page, '##submit');
    check((await state(page)).screen === 'submit', 'the submit screen opens');
    await clickRaw(page, '##tokeys');
    await typeInto(page, '##key:pass1', '123', {enter: false});
    st = await state(page);
    await typeInto(page, '##key:pass1', PASS, {enter: false, whole: true});
    await typeInto(page, '##key:pass2', PASS, {enter: false, whole: true});
    await blur(page);
    await clickRaw(page, 'Tạo khóa');
    st = await waitState(page, (s) => s.keys.length === 1, 'key created', 20000);
    const keyId = st.keys[0].key_id;
    check(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(keyId) && st.keys[0].unit === 'XA-DAIHAI', `key ${keyId} for XA-DAIHAI`);
    const stored = await page.evaluate(() => new Promise((res) => {
      const r = indexedDB.open('cds');
      r.onsuccess = () => {
        const all = [];
        const c = r.result.transaction('kv').objectStore('kv').openCursor();
        c.onsuccess = () => { const x = c.result; if (!x) return res(all); all.push(new TextDecoder().decode(x.value)); x.continue(); };
      };
    }));
    check(stored.every((v) => !v.includes(PASS)), 'the passphrase is stored nowhere');
    // Backup and public key files.
    const [bk] = await Promise.all([page.waitForEvent('download'), clickRaw(page, `##backup:${keyId}`)]);
    const keyFile = path.join(tmp, 'key.json');
    await bk.saveAs(keyFile);
    const [pk] = await Promise.all([page.waitForEvent('download'), clickRaw(page, `##pubfile:${keyId}`)]);
    const pubFile = path.join(tmp, 'pub.json');
    await pk.saveAs(pubFile);
    const pub = JSON.parse(fs.readFileSync(pubFile, 'utf8'));
    check(pub.format === 'cds-pubkey/1' && pub.key_id === keyId && !('cipher' in pub), 'public key file to register');
    const nativePub = JSON.parse(execFileSync(CDS, ['pubkey', keyFile], {encoding: 'utf8'}));
    check(nativePub.public_key === pub.public_key, 'the key backup opens natively with the same public key');

    // Back to "Nộp bài": unanswered criteria listed, confirmation needed, wrong passphrase refused.
    await clickRaw(page, '← Quay lại');
    check((await state(page)).screen === 'submit', 'back on the submit screen');
    await clickRaw(page, '##confirm');
    await typeInto(page, '##submit:pass', 'sai mật khẩu', {enter: false, whole: true});
    await blur(page);
    await clickRaw(page, '##sign');
    await page.waitForTimeout(1500);
    st = await state(page);
    check(st.draft.submissions.length === 0, 'a wrong passphrase signs nothing');
    // A unit name longer than the receiving office accepts (1,000 bytes) is said on this screen and
    // not signed (the office would refuse the file); shortened, the draft signs.
    const setName = async (name) => {
      await clickRaw(page, '← Quay lại bảng điểm');
      await clickRaw(page, 'Đơn vị');
      await typeInto(page, '##unit:name', name, {enter: false, whole: true});
      await clickRaw(page, '##unit:enter-form');
      await clickRaw(page, '##submit');
    };
    const longName = 'UBND xã Đại Hải — ' + 'thôn '.repeat(200);
    const longBytes = Buffer.byteLength(longName).toLocaleString('de-DE');
    await setName(longName);
    const shown = await shownText(page, [1, 700]);
    check(shown.includes(`✕ Tên đơn vị dài ${longBytes} byte, quá giới hạn 1.000 byte: cơ quan tiếp nhận sẽ không nhận tệp`),
          `a unit name of ${longBytes} bytes is said before signing`);
    await typeInto(page, '##submit:pass', PASS, {enter: false, whole: true});
    await blur(page);
    let downloads = 0;
    page.on('download', () => { ++downloads; });
    await clickRaw(page, '##sign');
    await page.waitForTimeout(1500);
    check((await state(page)).draft.submissions.length === 0 && downloads === 0, 'answers the office would refuse are not signed');
    await setName('UBND xã Đại Hải');
    await typeInto(page, '##submit:pass', PASS, {enter: false, whole: true});
    await blur(page);
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 20000}), clickRaw(page, '##sign')]);
    const subFile = path.join(tmp, dl.suggestedFilename());
    await dl.saveAs(subFile);
    check(/^xa-daihai_soctrang-2023-thidua-xa_\d{8}-\d{4}\.json$/.test(dl.suggestedFilename()), `file name ${dl.suggestedFilename()}`);
    st = await waitState(page, (s) => s.draft.submissions.length === 1, 'submission recorded');
    check(st.draft.submissions[0].key_id === keyId, 'the draft keeps the submission history');

    // The receiving office verifies it natively.
    const v = spawnSync(CDS, ['verify', subFile, '--json'], {encoding: 'utf8'});
    const vj = JSON.parse(v.stdout);
    check(v.status === 0 && vj.ok && vj.total === total, `cds verify accepts the browser's submission (total ${vj.total})`);
    check(vj.signed_sha256 === st.draft.submissions[0].sha256, 'native and wasm agree on the signed bytes (same SHA-256)');

    // "Kiểm tra bài nộp" in the app: the good file and a tampered one.
    await clickRaw(page, '← Quay lại bảng điểm');
    await clickRaw(page, '← Trang chủ');
    await clickRaw(page, '##verify');
    let [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Mở tệp bài nộp…')]);
    await chooser.setFiles(subFile);
    st = await waitState(page, (s) => s.verified, 'verdict');
    check(st.verified.ok && st.verified.verdict.startsWith('HỢP LỆ'), `verdict: ${st.verified.verdict.slice(0, 90)}…`);
    const tampered = path.join(tmp, 'tampered.json');
    fs.writeFileSync(tampered, fs.readFileSync(subFile, 'utf8').replace('"ty_le": 55', '"ty_le": 65'));
    [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Mở tệp bài nộp…')]);
    await chooser.setFiles(tampered);
    st = await waitState(page, (s) => s.verified && s.verified.file === 'tampered.json', 'second verdict');
    check(!st.verified.ok && st.verified.verdict.includes('KHÔNG HỢP LỆ') && st.verified.verdict.includes('chữ ký'),
          `tampered: ${st.verified.verdict.replace(/\n/g, ' ').slice(0, 120)}…`);
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
