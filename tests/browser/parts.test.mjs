// Issue 21, one agency's round trip in the app (docs/parts-format.md): the office signs work packets
// natively (`cds packet`); the agency (Chi cục Thống kê) opens its packet in the unit edition, which
// hands it to the full edition (as it does an appraisal: the first download stays small); there it sees
// only its criterion and rows editable (the rest of the form readable), fills them, signs its part
// with its own key and saves it; natively `cds merge` accepts the part against the trust list and
// the merged answers hold exactly what was typed. In the office edition the returned parts, the
// packets and the trust list are dropped on "Phiếu phân công" → "Ghép các phần": the conflict of two
// agencies is shown side by side and decided, the board says who is late. The agency attaches an
// evidence file: its part is saved as a part dossier (.part.zip: part.json + evidence/…), which the
// CLI verifies and merges and the office's merge takes as it came; the evidence reaches the
// province's dossier with no file sent twice, and deleting the merged draft drops the parts and
// files kept for it from the browser's storage. Screenshots (PC, phone)
// go to build/screenshots and docs/img (the walkthrough, docs/walkthrough-parts.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync, spawnSync} from 'node:child_process';
import {launch, startServer, openApp, state, check, run, waitState, clickRaw, findRaw, typeInto, blur, scrollTo, screenshot, settle, items, headOpensDossier, BUILD, ROOT, LIGHT_KDF} from './lib.mjs';

const CDS = path.join(BUILD, 'native', 'bin', 'cds');
const PASS = 'mưa đầu mùa trên đồi chè';
const R = path.join(ROOT, 'assets', 'rubrics', 'vinhlong-2025-dti-tinh.json');
const IMG = path.join(ROOT, 'docs', 'img');

// The browser's stored keys with a prefix (IndexedDB "cds", store "kv").
const storedKeys = (page, prefix) => page.evaluate((pre) => new Promise((res) => {
  const r = indexedDB.open('cds');
  r.onsuccess = () => {
    const keys = [];
    const c = r.result.transaction('kv').objectStore('kv').openKeyCursor();
    c.onsuccess = () => { const x = c.result; if (!x) return res(keys.filter((k) => k.startsWith(pre))); keys.push(x.key); x.continue(); };
  };
}), prefix);

const shot = async (page, name) => {
  const f = await screenshot(page, name);
  if (process.env.CDS_DOC_SHOTS) fs.copyFileSync(f, path.join(IMG, name));  // refresh the walkthrough's images
};

run('parts', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-parts-'));
  const passFile = path.join(tmp, 'pass');
  fs.writeFileSync(passFile, PASS + '\n');
  const cds = (...args) => spawnSync(CDS, args, {encoding: 'utf8'});
  // Keys, trust list and packets, natively.
  for (const who of ['office', 'CCTK', 'BPTTH', 'TCVNCL']) {
    execFileSync(CDS, ['keygen', '--out', path.join(tmp, `${who}.key`), '--passphrase-file', passFile, '--unit-code', who, '--unit-name', who, ...LIGHT_KDF]);
  }
  const pub = (who) => JSON.parse(execFileSync(CDS, ['pubkey', path.join(tmp, `${who}.key`)], {encoding: 'utf8'})).public_key;
  const trust = {format: 'cds-trust/1', units: [],
    agencies: ['CCTK', 'BPTTH', 'TCVNCL'].map((a) => ({code: a, name: a, keys: [{public_key: pub(a)}]}))};
  const trustFile = path.join(tmp, 'trust.json');
  fs.writeFileSync(trustFile, JSON.stringify(trust));
  const pk = cds('packet', R, '--all', '--unit-code', 'VINHLONG', '--unit-name', 'UBND tỉnh Vĩnh Long', '--period', '2025',
    '--deadline', '2026-11-20T17:00:00+07:00', '--office-name', 'Sở Khoa học và Công nghệ', '--office-contact', '0270 3 822 222',
    '--key', path.join(tmp, 'office.key'), '--passphrase-file', passFile, '--out-dir', path.join(tmp, 'packets'), '--time', '2026-11-01T08:00:00+07:00');
  check(pk.status === 0, 'nine packets signed natively');
  const packet = (a) => path.join(tmp, 'packets', fs.readdirSync(path.join(tmp, 'packets')).find((f) => f.includes(`_${a.toLowerCase()}_`)));

  const server = await startServer();
  const browser = await launch();
  try {
    const ctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true});
    const {page, errors} = await openApp(browser, server.url, {context: ctx});
    await waitState(page, (s) => s.storage.loaded, 'storage loaded');
    // The agency's key, imported from its backup file.
    await clickRaw(page, '##keys');
    let [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Nhập tệp khóa…')]);
    await chooser.setFiles(path.join(tmp, 'CCTK.key'));
    await waitState(page, (s) => s.keys.length === 1, 'the agency key imported');
    await clickRaw(page, '← Quay lại');
    await waitState(page, (s) => s.screen === 'home', 'home');

    // Open the packet in the unit edition: it is handed to the full edition, where it opens by itself.
    await clickRaw(page, '##parts');
    [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, 'Mở phiếu phân công…')]);
    await chooser.setFiles(packet('CCTK'));
    await waitState(page, (s) => s.parts && s.parts.pending && s.parts.pending.includes('_cctk_'), 'the unit edition offers the full edition');
    await settle(page);
    await shot(page, 'parts-handover-1366x768.png');
    const go = await findRaw(page, '##parts:office');  // a click that leaves the page: no settle() after it
    await Promise.all([page.waitForURL(/\?office/, {timeout: 30000}), page.mouse.click(go.x + go.w / 2, go.y + go.h / 2)]);
    await page.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
    await page.evaluate(() => window.cds.ready);
    let st = await waitState(page, (s) => s.parts && s.parts.agency === 'CCTK', 'the packet opened for Chi cục Thống kê in the full edition', 20000);
    check(st.keys.length === 1, `the agency's key is there in the full edition too (${st.keys.length})`);
    check(JSON.stringify(st.parts.criteria) === '["7.1"]' && st.parts.rows.length === 5, `its scope: 7.1 and five rows (${st.parts.rows})`);
    check(st.screen === 'parts' && st.draft && st.draft.id === st.parts.draft, 'a draft holds the agency\'s work');
    await settle(page);
    await shot(page, 'parts-agency-1366x768.png');
    // Only its own fields are editable; the rest is there to read.
    const ids = (await items(page)).map((i) => i.raw || i.label);
    check(ids.some((x) => x.includes('in:7.1:gia_tri_kts')), 'its criterion has fields');
    check(!ids.some((x) => /in:(1\.1|2\.1|6\.\d):/.test(x)), 'no field of another agency\'s criterion');
    await typeInto(page, '##in:7.1:gia_tri_kts', '12345');
    await typeInto(page, '##in:7.1:grdp', '98765');
    await typeInto(page, '##gi:dan_so', '1019000');
    await typeInto(page, '##gi:so_xa', '124');
    // Evidence for its criterion: the part will be a part dossier.
    const pdf = path.join(tmp, 'Báo cáo giá trị kinh tế số 2025.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4 Chi cục Thống kê, báo cáo 2025\n');
    await scrollTo(page, '##parts:ev:7.1');
    [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickRaw(page, '##parts:ev:7.1')]);
    await chooser.setFiles(pdf);
    await waitState(page, (s) => s.draft.evidence && s.draft.evidence['7.1'] === 1, 'an evidence file attached to 7.1');
    await scrollTo(page, 'Phần còn lại của biểu (chỉ xem)##parts:rest');
    await clickRaw(page, 'Phần còn lại của biểu (chỉ xem)##parts:rest');
    await settle(page);
    await shot(page, 'parts-agency-rest-1366x768.png');
    await scrollTo(page, 'Phần còn lại của biểu (chỉ xem)##parts:rest');
    await clickRaw(page, 'Phần còn lại của biểu (chỉ xem)##parts:rest');  // folded again: the signing panel is just below
    // Sign: a wrong passphrase signs nothing; the right one saves the part.
    await scrollTo(page, '##parts:pass');
    await typeInto(page, '##parts:pass', 'sai mật khẩu', {enter: false, whole: true});
    await blur(page);
    await clickRaw(page, '##parts:sign');
    st = await waitState(page, (s) => s.parts.signError !== '', 'a wrong passphrase is refused', 20000);
    check(!st.parts.signed, 'nothing signed with a wrong passphrase');
    await typeInto(page, '##parts:pass', PASS, {enter: false, whole: true});
    await blur(page);
    await scrollTo(page, '##parts:sign');
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 60000}), clickRaw(page, '##parts:sign')]);
    const partFile = path.join(tmp, 'CCTK.part.zip');
    await dl.saveAs(partFile);
    st = await waitState(page, (s) => s.parts.signed && s.parts.signed.packed, 'the part is signed and packed with its evidence', 30000);
    check(st.parts.signed.supplied === 4 && st.parts.signed.files === 1 && dl.suggestedFilename().endsWith('.part.zip'),
          `four values and one evidence file signed, saved as a part dossier (${dl.suggestedFilename()})`);
    await settle(page);
    await shot(page, 'parts-agency-signed-1366x768.png');
    // The part alone, as .json, one click away.
    await scrollTo(page, '##parts:json');
    const [jdl] = await Promise.all([page.waitForEvent('download', {timeout: 20000}), clickRaw(page, '##parts:json')]);
    check(jdl.suggestedFilename().endsWith('.part.json'), `the .json part alone: ${jdl.suggestedFilename()}`);
    // Natively: the part dossier verifies (signature, scope, registered key, its file) and merges to what was typed.
    const vp = cds('verify', partFile, '--trust', trustFile);
    check(vp.status === 0 && vp.stdout.includes('phần số liệu của Chi cục Thống kê') && vp.stdout.includes('1/1 tệp kiểm chứng khớp'),
          `cds verify checks the app's part dossier (exit ${vp.status}): ${vp.stdout.split('\n').slice(0, 1).join(' ')}`);
    const merged = path.join(tmp, 'merged.json');
    const m = cds('merge', R, partFile, '--trust', trustFile, '--packets', path.join(tmp, 'packets'), '--out', merged);
    check(m.status === 0 && m.stdout.includes('1/1 tệp kiểm chứng khớp'), `cds merge accepts the app's part dossier (exit ${m.status}) ${m.stdout.slice(0, 300)}`);
    const ans = JSON.parse(fs.readFileSync(merged, 'utf8'));
    check(ans.inputs['7.1'].gia_tri_kts === 12345 && ans.inputs['7.1'].grdp === 98765 && ans.general_info.dan_so === 1019000 && ans.general_info.so_xa === 124,
      'the merged answers hold exactly what the agency typed');
    check(ans.provenance.inputs['7.1'].gia_tri_kts === st.parts.signed.sha256, 'provenance names the signed part');

    // A reload returns to the agency's work (the packet is kept in the draft).
    await page.reload();
    await page.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
    st = await waitState(page, (s) => s.screen === 'parts' && s.parts && s.parts.agency === 'CCTK', 'a reload returns to the agency\'s work');
    // From the home screen, the draft opens on this screen, not the whole form.
    await clickRaw(page, '← Trang chủ');
    await waitState(page, (s) => s.screen === 'home', 'home');
    await clickRaw(page, '##0:resume');
    await waitState(page, (s) => s.screen === 'parts', 'the agency\'s draft opens on its part');

    // A phone.
    const phone = await browser.newContext({viewport: {width: 360, height: 640}, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh'});
    const {page: pp} = await openApp(browser, server.url + '?office', {context: phone});
    await waitState(pp, (s) => s.storage.loaded, 'phone: storage loaded');
    await clickRaw(pp, '##parts');
    [chooser] = await Promise.all([pp.waitForEvent('filechooser'), clickRaw(pp, 'Mở phiếu phân công…')]);
    await chooser.setFiles(packet('BPTTH'));
    await waitState(pp, (s) => s.parts && s.parts.agency === 'BPTTH', 'phone: the packet opened');
    await settle(pp);
    await shot(pp, 'parts-agency-360x640.png');
    const layout = await pp.evaluate(() => window.cds.layout());
    check(layout.every((w) => w.popup || w.name.includes('##toast') || !w.overflow), 'phone: nothing runs past the right edge');
    await phone.close();

    // The office: two agencies answering 1.4 differently, one late; decided in the app.
    const fill = (a, extra) => {
      const t = path.join(tmp, `${a}.t.json`);
      execFileSync(CDS, ['part', packet(a), '--template', '--out', t]);
      const d = JSON.parse(fs.readFileSync(t, 'utf8'));
      d.inputs['1.4'] = {co_chuyen_muc: true, so_tin_bai: extra};
      fs.writeFileSync(t, JSON.stringify(d));
      const time = a === 'TCVNCL' ? '2026-11-22T09:00:00+07:00' : '2026-11-15T09:00:00+07:00';
      const out = path.join(tmp, `${a}.part.json`);
      check(cds('part', packet(a), t, '--key', path.join(tmp, `${a}.key`), '--passphrase-file', passFile, '--out', out, '--time', time).status === 0, `${a} signs natively`);
      return out;
    };
    const p1 = fill('BPTTH', 120);
    const p2 = fill('TCVNCL', 95);
    const octx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true});
    const {page: op, errors: oerrors} = await openApp(browser, server.url + '?office', {context: octx});
    await waitState(op, (s) => s.storage.loaded, 'office: storage loaded');
    await clickRaw(op, '##parts');
    await clickRaw(op, '##parts:tab2');
    const packets = fs.readdirSync(path.join(tmp, 'packets')).map((f) => path.join(tmp, 'packets', f));
    [chooser] = await Promise.all([op.waitForEvent('filechooser'), clickRaw(op, '##parts:add')]);
    await chooser.setFiles([p1, p2, partFile, trustFile, ...packets]);
    st = await waitState(op, (s) => s.parts.merge && s.parts.merge.accepted === 3, 'office: three parts accepted');
    check(st.parts.merge.unresolved === 1 && st.parts.merge.refused === 0, 'office: one conflict, undecided');
    check(st.parts.merge.evidence.CCTK && st.parts.merge.evidence.CCTK.present === 1, 'office: the part dossier\'s evidence file counted (1/1)');
    // A submission dossier is not a part: said, nothing added.
    const subZip = path.join(tmp, 'not-a-part.zip');
    {
      const sj = path.join(tmp, 'x.sub.json');
      execFileSync(CDS, ['submit', R, path.join(ROOT, 'tests', 'golden', 'vinhlong-2025-dti-tinh', 'full.answers.json'), '--key', path.join(tmp, 'office.key'),
        '--passphrase-file', passFile, '--out', sj], {stdio: 'ignore'});
      fs.mkdirSync(path.join(tmp, 'noev'), {recursive: true});
      execFileSync(CDS, ['dossier', sj, '--evidence', path.join(tmp, 'noev'), '--out', subZip], {stdio: 'ignore'});
    }
    await op.evaluate(() => window.cds.captureText(true));
    [chooser] = await Promise.all([op.waitForEvent('filechooser'), clickRaw(op, '##parts:add')]);
    await chooser.setFiles(subZip);
    await op.waitForFunction(() => window.cds.text().includes('không phải hồ sơ phần số liệu'), null, {timeout: 10000});
    st = await state(op);
    check(st.parts.merge.accepted === 3, 'office: a submission dossier given as a part is named and not added');
    await settle(op);
    await scrollTo(op, '##parts:choose:1.4/so_tin_bai:BPTTH');
    await shot(op, 'parts-office-conflict-1366x768.png');
    await clickRaw(op, '##parts:choose:1.4/so_tin_bai:BPTTH');
    st = await waitState(op, (s) => s.parts.merge.unresolved === 0, 'office: the conflict decided');
    await scrollTo(op, '##parts:print');
    await settle(op);
    await shot(op, 'parts-office-board-1366x768.png');

    // The office signs packets in the app too: its key imported, the form filled, nine packets;
    // one saved and opened natively against the rubric.
    await clickRaw(op, '← Trang chủ');
    await clickRaw(op, '##keys');
    [chooser] = await Promise.all([op.waitForEvent('filechooser'), clickRaw(op, 'Nhập tệp khóa…')]);
    await chooser.setFiles(path.join(tmp, 'office.key'));
    await waitState(op, (s) => s.keys.length === 1, 'office: its key imported');
    await clickRaw(op, '← Quay lại');
    await clickRaw(op, '##parts');
    await clickRaw(op, '##parts:tab1');
    await typeInto(op, '##parts:unit-code', 'VINHLONG', {enter: false, whole: true});
    await typeInto(op, '##parts:unit-name', 'UBND tỉnh Vĩnh Long', {enter: false, whole: true});
    await typeInto(op, '##parts:period', '2025', {enter: false});
    await typeInto(op, '##parts:deadline', '31/12/2030', {enter: false, whole: true});
    await typeInto(op, '##parts:office', 'Sở Khoa học và Công nghệ', {enter: false, whole: true});
    await scrollTo(op, '##parts:opass');
    await typeInto(op, '##parts:opass', PASS, {enter: false, whole: true});
    await blur(op);
    await clickRaw(op, '##parts:make');
    st = await waitState(op, (s) => s.parts.made === 9, 'office: nine packets signed in the app', 30000);
    await settle(op);
    await shot(op, 'parts-office-packets-1366x768.png');
    const saveRaw = '##parts:save:vinhlong_cctk_vinhlong-2025-dti-tinh.packet.json';
    await scrollTo(op, saveRaw);
    const [pdl] = await Promise.all([op.waitForEvent('download', {timeout: 20000}), clickRaw(op, saveRaw)]);
    const appPacket = path.join(tmp, 'app.packet.json');
    await pdl.saveAs(appPacket);
    const show = cds('part', appPacket, '--show');
    check(show.status === 0 && show.stdout.includes('Chi cục Thống kê') && show.stdout.includes('31/12/2030'), 'the app\'s packet opens natively: ' + show.stdout.split('\n')[0]);

    // A rubric whose document assigns nothing (NQ57): the office splits it in the app between two
    // departments (one criterion left its own), signs their packets, saves the split; natively the
    // split checks, a department signs its part from the app's packet and `cds merge` accepts it.
    await scrollTo(op, '##parts:rubric:nhuthanh-2026-nq57');
    await clickRaw(op, '##parts:rubric:nhuthanh-2026-nq57');
    await clickRaw(op, '##parts:plan-add');
    await clickRaw(op, '##parts:plan-add');
    await op.evaluate(() => window.cds.captureText(true));
    await settle(op);
    check((await op.evaluate(() => window.cds.text())).includes('cần mã'), 'split: an agency without a name is said');
    await typeInto(op, '##parts:plan-id:0', 'VP', {enter: false});
    await typeInto(op, '##parts:plan-name:0', 'Văn phòng Đảng ủy', {enter: false, whole: true});
    await typeInto(op, '##parts:plan-name:1', 'Ủy ban nhân dân xã', {enter: false, whole: true});
    await blur(op);
    for (const [crit, ag] of [['A.I.1.1', 'VP'], ['A.I.1.2', 'VP'], ['A.I.2.1', 'CQ2'], ['B.II.2', 'CQ2']]) {
      await scrollTo(op, `##parts:plan:${crit}:${ag}`);
      await clickRaw(op, `##parts:plan:${crit}:${ag}`);
    }
    st = await waitState(op, (s) => s.parts.plan && Object.keys(s.parts.plan.criteria).length === 4, 'split: four criteria assigned in the app');
    check(JSON.stringify(st.parts.plan.criteria['A.I.1.1']) === '["VP"]' && st.parts.plan.agencies[0].name === 'Văn phòng Đảng ủy', 'split: the renamed agency keeps what it leads');
    await scrollTo(op, '##parts:plan:A.I.1.1:VP');
    await settle(op);
    await shot(op, 'parts-office-split-1366x768.png');
    // At phone width the editor stays inside the screen (buttons wrap, names on their own line).
    await op.setViewportSize({width: 360, height: 640});
    await settle(op);
    await scrollTo(op, '##parts:plan-add');
    await settle(op);
    await shot(op, 'parts-office-split-360x640.png');
    const splitLayout = await op.evaluate(() => window.cds.layout());
    const over = splitLayout.filter((w) => !w.popup && !w.name.includes('##toast') && w.overflow);
    check(over.length === 0, `split editor at 360 px: nothing runs past the right edge (${over.map((w) => w.name).join(', ')})`);
    await op.setViewportSize({width: 1366, height: 768});
    await settle(op);
    await scrollTo(op, '##parts:plan-save');
    const [sdl] = await Promise.all([op.waitForEvent('download', {timeout: 20000}), clickRaw(op, '##parts:plan-save')]);
    const planFile = path.join(tmp, 'nq57.assignment.json');
    await sdl.saveAs(planFile);
    const N = path.join(ROOT, 'assets', 'rubrics', 'nhuthanh-2026-nq57.json');
    const ck = cds('assignment', N, planFile);
    check(ck.status === 0 && ck.stdout.includes('Văn phòng Đảng ủy (VP): 2 chỉ số') && ck.stdout.includes('34/38'),
          `the app's split checks natively: ${ck.stdout.split('\n').join(' | ')}`);
    await scrollTo(op, '##parts:unit-code');
    await typeInto(op, '##parts:unit-code', 'NHUTHANH', {enter: false, whole: true});
    await scrollTo(op, '##parts:opass');
    await typeInto(op, '##parts:opass', PASS, {enter: false, whole: true});
    await blur(op);
    await clickRaw(op, '##parts:make');
    st = await waitState(op, (s) => s.parts.made === 2, 'split: two packets signed in the app', 30000);
    const vpRaw = '##parts:save:nhuthanh_vp_nhuthanh-2026-nq57.packet.json';
    await scrollTo(op, vpRaw);
    const [vdl] = await Promise.all([op.waitForEvent('download', {timeout: 20000}), clickRaw(op, vpRaw)]);
    const vpDir = path.join(tmp, 'nq57-packets');
    fs.mkdirSync(vpDir);
    const vpPacket = path.join(vpDir, 'vp.packet.json');
    await vdl.saveAs(vpPacket);
    execFileSync(CDS, ['keygen', '--out', path.join(tmp, 'VP.key'), '--passphrase-file', passFile, '--unit-code', 'VP', ...LIGHT_KDF]);
    const vt = path.join(tmp, 'vp.answers.json');
    execFileSync(CDS, ['part', vpPacket, '--template', '--out', vt]);
    const vpAns = JSON.parse(fs.readFileSync(vt, 'utf8'));
    check(JSON.stringify(Object.keys(vpAns.inputs)) === '["A.I.1.1","A.I.1.2"]', `the app's packet gives VP its two criteria (${Object.keys(vpAns.inputs)})`);
    const vpPart = path.join(tmp, 'vp.part.json');
    const sp = cds('part', vpPacket, vt, '--key', path.join(tmp, 'VP.key'), '--passphrase-file', passFile, '--out', vpPart);
    const nqTrust = path.join(tmp, 'nq57-trust.json');
    fs.writeFileSync(nqTrust, JSON.stringify({format: 'cds-trust/1', units: [], agencies: [{code: 'VP', name: 'VP', keys: [{public_key: pub('VP')}]}]}));
    const nm = cds('merge', N, vpPart, '--packets', vpDir, '--trust', nqTrust, '--out', path.join(tmp, 'nq57-merged.json'));
    check(sp.status === 0 && nm.status === 0 && nm.stdout.includes('1/1 phần được nhận'),
          `a department's part from the app's packet merges natively with the split it carries (exit ${sp.status}/${nm.status}) ${nm.stdout.split('\n')[0]}`);

    // The merge becomes the province's draft, signed in the app: the dossier carries the three
    // accepted parts under parts/, so the next level's `cds verify` checks every value against the
    // part that supplied it.
    await scrollTo(op, '##parts:tab2');  // the screen keeps its scroll: the tabs are at its top
    await clickRaw(op, '##parts:tab2');
    await scrollTo(op, '##parts:draft');
    await clickRaw(op, '##parts:draft');
    st = await waitState(op, (s) => s.drafts.length === 1 && !s.drafts[0].dirty, 'office: the merge is a draft, stored');
    await clickRaw(op, '##0:resume');
    await clickRaw(op, '##submit');
    try { await clickRaw(op, '##confirm', {timeout: 1500}); } catch (e) { /* complete: nothing to confirm */ }
    await typeInto(op, '##submit:pass', PASS, {enter: false, whole: true});
    await blur(op);
    const [zdl] = await Promise.all([op.waitForEvent('download', {timeout: 60000}), clickRaw(op, '##sign')]);
    const zip = path.join(tmp, zdl.suggestedFilename());
    await zdl.saveAs(zip);
    st = await waitState(op, (s) => s.dossier && s.dossier.saved, 'office: the dossier saved', 30000);
    check(zip.endsWith('.zip') && st.dossier.parts === 3 && st.dossier.files === 1,
          `the merged submission is signed as a dossier with its 3 parts and the agency's evidence file (${path.basename(zip)})`);
    const provTrust = path.join(tmp, 'province-trust.json');  // the next level's list: the province's key and the agencies'
    fs.writeFileSync(provTrust, JSON.stringify({...trust, units: [{code: 'VINHLONG', name: 'UBND tỉnh Vĩnh Long', keys: [{public_key: pub('office')}]}]}));
    const vz = cds('verify', zip, '--trust', provTrust);
    check(vz.status === 0 && vz.stdout.includes('3 phần số liệu có chữ ký') && vz.stdout.includes('1/1 tệp kiểm chứng khớp'),
          `the next level's cds verify checks the app's dossier and its parts (exit ${vz.status}): ` +
          (vz.stdout.split('\n').find((l) => l.includes('phần số liệu')) || vz.stdout.slice(0, 300) + vz.stderr.slice(0, 300)));
    // The head countersigns the province's dossier in the app (unit edition): its parts/ stay, so
    // the next level's chain check still holds.
    {
      const hctx = await browser.newContext({viewport: {width: 1366, height: 768}, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true});
      const hp = (await openApp(browser, server.url, {context: hctx})).page;
      const hs = await headOpensDossier(hp, PASS + ' thủ trưởng', zip);
      check(hs.verified.evidence.includes('1/1') && hs.verified.evidence.includes('3 phần số liệu') && !hs.verified.evidence.includes('thừa'),
            `the verify screen counts the file, names the 3 parts, no "extra" (${hs.verified.evidence})`);
      await typeInto(hp, '##cs:pass', PASS + ' thủ trưởng', {enter: false, whole: true});
      await blur(hp);
      const [cz] = await Promise.all([hp.waitForEvent('download', {timeout: 30000}), clickRaw(hp, '##cs:sign')]);
      const czip = path.join(tmp, 'countersigned.zip');
      await cz.saveAs(czip);
      const vc = cds('verify', czip);  // the head's new key is not in the province's list: no --trust here
      check(vc.status === 0 && vc.stdout.includes('3 phần số liệu có chữ ký') && vc.stdout.includes('1/1 tệp kiểm chứng khớp'),
            `the countersigned dossier keeps its parts and file (exit ${vc.status}): ${(vc.stdout.split('\n').find((l) => l.includes('phần số liệu')) || vc.stdout.slice(0, 200))}`);
      await hctx.close();
    }
    // Deleting the merged draft drops what was kept for it: its parts and (named by no other draft) its files.
    check((await storedKeys(op, 'part:')).length === 3, 'the three accepted parts are kept in storage for the dossier');
    await clickRaw(op, '← Quay lại bảng điểm');
    await clickRaw(op, '← Trang chủ');
    await waitState(op, (s) => s.screen === 'home', 'office: home');
    check((await storedKeys(op, 'ev:')).length === 1, 'the agency\'s evidence file is kept in storage for the dossier');
    await clickRaw(op, '##0:delete');
    await clickRaw(op, 'Xóa bản nháp');
    await waitState(op, (s) => s.drafts.length === 0, 'office: the merged draft deleted');
    await op.waitForFunction(() => new Promise((res) => {  // the deletions are asynchronous
      const r = indexedDB.open('cds');
      r.onsuccess = () => {
        let n = 0;
        const c = r.result.transaction('kv').objectStore('kv').openKeyCursor();
        c.onsuccess = () => { const x = c.result; if (!x) return res(n === 0); if (/^(part|ev):/.test(x.key)) n++; x.continue(); };
      };
    }), null, {timeout: 10000, polling: 200}).catch(() => {});
    const left = (await storedKeys(op, 'part:')).length + (await storedKeys(op, 'ev:')).length;
    check(left === 0, `no part or evidence file kept once no draft names it (${left} left)`);
    // A part left behind by a deletion cut short is dropped at the next start.
    await op.evaluate(() => new Promise((res) => {
      const r = indexedDB.open('cds');
      r.onsuccess = () => { const tx = r.result.transaction('kv', 'readwrite'); tx.objectStore('kv').put(new Uint8Array([123, 125]), 'part:' + 'ab'.repeat(32)); tx.oncomplete = () => res(true); };
    }));
    check((await storedKeys(op, 'part:')).length === 1, 'a stray part key planted');
    await op.reload();
    await op.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
    await waitState(op, (s) => s.storage.loaded, 'office: reloaded');
    await op.waitForFunction(() => new Promise((res) => {
      const r = indexedDB.open('cds');
      r.onsuccess = () => {
        const c = r.result.transaction('kv').objectStore('kv').openKeyCursor();
        let n = 0;
        c.onsuccess = () => { const x = c.result; if (!x) return res(n === 0); if (String(x.key).startsWith('part:')) n++; x.continue(); };
      };
    }), null, {timeout: 10000, polling: 200}).catch(() => {});
    check((await storedKeys(op, 'part:')).length === 0, 'a part no draft names is dropped at the next start');
    // The level above aggregates the province's dossier in "Tổng hợp": the agencies' parts are
    // checked again there (with the trust list); a copy with one part taken out is flagged, its
    // reasons listed, and still counted once (the same signed submission).
    {
      const broken = path.join(tmp, 'thieu-mot-phan.zip');
      execFileSync('python3', ['-c', `import sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as o:
    dropped = False
    for i in z.infolist():
        if i.filename.startswith("parts/") and not dropped:
            dropped = True
            continue
        o.writestr(i, z.read(i))`, zip, broken]);
      await clickRaw(op, '##aggregate');
      let [ch] = await Promise.all([op.waitForEvent('filechooser'), clickRaw(op, '##agg:trust')]);
      await ch.setFiles(provTrust);
      await waitState(op, (s) => s.aggregate && s.aggregate.trust, 'Tổng hợp: the trust list loaded');
      [ch] = await Promise.all([op.waitForEvent('filechooser'), clickRaw(op, '##agg:add')]);
      await ch.setFiles([zip, broken]);
      st = await waitState(op, (s) => !s.aggregate.busy && s.aggregate.files === 2 && s.aggregate.generation > 0, 'Tổng hợp: both dossiers checked', 30000);
      const byName = Object.fromEntries(st.aggregate.intake.map((x) => [x.file, x]));
      const whole = byName[path.basename(zip)], cut = byName[path.basename(broken)];
      check(whole && whole.chain_ok === true && whole.chain.includes('3 phần số liệu có chữ ký') && whole.evidence.includes('1/1'),
            `Tổng hợp checks the province's dossier's agency parts again: ${whole && whole.chain}`);
      check(cut && cut.chain_ok === false && cut.chain.includes('KHÔNG khớp'), `a copy with a part taken out is flagged: ${cut && cut.chain}`);
      check(whole.status === 'valid' && cut.status === 'duplicate' && st.aggregate.counts.valid === 1,
            `both copies are the same signed submission, counted once: the one whose parts hold, although its name is longer (${whole.status}, ${cut.status})`);
      await screenshot(op, 'parts-aggregate-chain.png');
      // The copy whose parts do not hold, alone, on a phone: the unit's page says so and why.
      await clickRaw(op, '##agg:clear');
      await clickRaw(op, '##agg:clear-confirm');
      await waitState(op, (s) => s.aggregate.files === 0, 'Tổng hợp: emptied');
      [ch] = await Promise.all([op.waitForEvent('filechooser'), clickRaw(op, '##agg:add')]);
      await ch.setFiles([broken]);
      st = await waitState(op, (s) => !s.aggregate.busy && s.aggregate.files === 1 && s.aggregate.counts.valid === 1, 'Tổng hợp: the broken copy alone', 30000);
      await op.setViewportSize({width: 360, height: 640});
      await settle(op);
      await clickRaw(op, '##agg:view:ranking');
      await scrollTo(op, '##agg:unit:VINHLONG');
      await clickRaw(op, '##agg:unit:VINHLONG');
      await waitState(op, (s) => s.aggregate.unit === 'VINHLONG', 'Tổng hợp: the province\'s page');
      await op.evaluate(() => window.cds.captureText(true));
      await op.mouse.move(20, 300);  // a frame drawn with the capture on
      await op.mouse.move(30, 320);
      await settle(op);
      const pageText = await op.evaluate(() => window.cds.text());
      await op.evaluate(() => window.cds.captureText(false));
      check(pageText.includes('KHÔNG khớp') && pageText.includes('Thiếu phần số liệu có chữ ký'),
            `the province's page in Tổng hợp says its agencies' parts do not hold, and why (${pageText.split('\n').find((l) => l.includes('KHÔNG')) || pageText.slice(0, 200)})`);
      await screenshot(op, 'parts-aggregate-chain-unit-360x640.png');
      await op.setViewportSize({width: 1366, height: 768});
      await clickRaw(op, '##agg:back').catch(() => {});
    }
    check(errors.length === 0 && oerrors.length === 0, 'no page errors: ' + errors.concat(oerrors).join(' | '));
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
});
