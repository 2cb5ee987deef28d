// Crash-safe storage. Each draft is kept in two IndexedDB records written alternately (sequence
// number + checksum, core/draft_store). In a browser profile on disk:
//  1. a burst of edits, each reaching storage, and the whole browser is killed (SIGKILL, as in a
//     power cut) at a different moment of the last save in each round: the restarted browser
//     finds the last state or the one before it, never a corrupt or empty draft;
//  2. the page is closed in the middle of a fast burst (no time for autosave): the pagehide flush
//     keeps the last state, or the one before;
//  3. the newest record is torn (bytes cut in half): the app falls back to the other copy;
//  4. the quota is exhausted: a message, the last good copy kept, export still works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {launchPersistent, startServer, state, check, run, clickRaw, typeInto, waitState, settle, screenshot, openForm} from './lib.mjs';

const QUOTA_SHIM = () => {
  window.__cdsQuotaFull = false;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (window.__cdsQuotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
};

async function newPage(ctx, url) {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.cds && window.cds.ready, null, {timeout: 30000});
  await page.evaluate(() => window.cds.ready);
  await waitState(page, (s) => s.storage.loaded, 'storage loaded');
  return page;
}

async function openFirstDraft(page) {
  await clickRaw(page, '##0:resume');
  const st = await state(page);
  if (st.screen === 'unit') await openForm(page);
}

const value = (st) => st.draft && st.draft.inputs['3'] ? st.draft.inputs['3'].ty_le : undefined;

run('storage', async () => {
  const server = await startServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-storage-'));
  const open = async () => {
    const ctx = await launchPersistent(profile, {acceptDownloads: true});
    await ctx.addInitScript(QUOTA_SHIM);
    for (const p of ctx.pages()) await p.close();
    return ctx;
  };
  // Every process of this profile, browser and renderers, killed at once.
  const kill = () => {
    try { execFileSync('pkill', ['-KILL', '-f', '--', `--user-data-dir=${profile}`]); } catch (e) { /* already gone */ }
  };
  let ctx = await open();
  try {
    let page = await newPage(ctx, server.url);
    await clickRaw(page, '##start:soctrang-2023-thidua-tinh');
    await typeInto(page, '##unit:name', 'Sở Nội vụ', {enter: false, whole: true});
    await openForm(page);

    // 1. Edits that each reach storage, then the browser is killed during the last save.
    let typed = 40;
    for (const killAfter of [0, 250, 450, 700]) {
      const history = [];
      for (let i = 0; i < 4; ++i) {
        typed += 1;
        // Whole values: typed key by key on a loaded machine, "4" of "44" was saved on its own (the
        // save comes 600 ms after an edit) and came back, a state the field did have.
        await typeInto(page, '##in:3:ty_le', String(typed), {whole: true});
        history.push(typed);
        if (i < 3) await waitState(page, (s) => !s.drafts[0].dirty && value(s) === typed, `edit ${typed} saved`);
      }
      await page.waitForTimeout(killAfter);  // the last edit is saved 600 ms after it was made
      kill();
      await ctx.close().catch(() => {});
      ctx = await open();
      page = await newPage(ctx, server.url);
      const st = await state(page);
      check(st.drafts.length === 1 && st.drafts[0].unit === 'Sở Nội vụ', `killed ${killAfter} ms after the last edit: the draft is there`);
      await openFirstDraft(page);
      const got = value(await state(page));
      const last = history[history.length - 1], before = history[history.length - 2];
      check(got === last || got === before, `  and reopens at ${got} (last ${last}, the one before ${before})`);
      typed = Math.max(typed, got);
    }

    // 2. Page closed in the middle of a fast burst: the pagehide flush saves what is in memory.
    const burst = [];
    for (let i = 0; i < 6; ++i) {
      typed += 1;
      await typeInto(page, '##in:3:ty_le', String(typed));
      burst.push(typed);
    }
    await page.close();
    page = await newPage(ctx, server.url);
    await openFirstDraft(page);
    let got = value(await state(page));
    check(got === burst[5] || got === burst[4], `page closed mid-burst: reopened at ${got} (last ${burst[5]})`);

    // 3. A torn write: the newest record cut in half. The older copy is used, nothing is empty.
    let st = await waitState(page, (s) => !s.drafts[0].dirty, 'saved');
    typed += 1;
    await typeInto(page, '##in:3:ty_le', String(typed));
    st = await waitState(page, (s) => !s.drafts[0].dirty && value(s) === typed, 'the newest edit saved');
    const previous = got;
    const torn = await page.evaluate(async (seq) => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open('cds'); r.onsuccess = () => res(r.result); r.onerror = rej; });
      const store = () => db.transaction('kv', 'readwrite').objectStore('kv');
      const keys = await new Promise((res) => { const r = store().getAllKeys(); r.onsuccess = () => res(r.result); });
      const slot = seq % 2 === 0 ? ':a' : ':b';
      const key = keys.find((k) => String(k).startsWith('draft:') && String(k).endsWith(slot));
      const v = await new Promise((res) => { const r = store().get(key); r.onsuccess = () => res(r.result); });
      await new Promise((res) => { const r = store().put(v.slice(0, Math.floor(v.length / 2)), key); r.onsuccess = res; });
      db.close();
      return key;
    }, st.drafts[0].seq);
    await page.close();
    page = await newPage(ctx, server.url);
    st = await state(page);
    check(st.drafts.length === 1, `with the newest record torn (${torn}) the draft still loads`);
    await openFirstDraft(page);
    got = value(await state(page));
    check(got === previous, `and it is the copy before the torn one (${got}, expected ${previous})`);

    // 4. Quota exhausted: a plain message, the last good copy kept, export still works.
    typed += 1;
    await typeInto(page, '##in:3:ty_le', String(typed));
    await waitState(page, (s) => !s.drafts[0].dirty && value(s) === typed, 'saved before the quota runs out');
    const good = typed;
    await page.evaluate(() => { window.__cdsQuotaFull = true; });
    typed += 1;
    await typeInto(page, '##in:3:ty_le', String(typed));
    st = await waitState(page, (s) => s.storage.lastError.includes('Bộ nhớ trình duyệt đã đầy'), 'quota message', 10000);
    check(st.toast.includes('Bộ nhớ trình duyệt đã đầy') && st.toast.includes('xuất bản nháp'),
          `the page says storage is full and to export ("${st.toast.slice(0, 70)}…")`);
    check(value(st) === typed, 'the edit stays in the open draft');
    await screenshot(page, 'storage-quota-full.png');
    await clickRaw(page, '← Trang chủ').catch(() => {});
    const [dl] = await Promise.all([page.waitForEvent('download', {timeout: 10000}), clickRaw(page, '##0:export')]);
    const exported = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
    check(exported.inputs['3'].ty_le === typed, `export still works with a full quota and holds the latest edit (${exported.inputs['3'].ty_le})`);
    await page.close();
    page = await newPage(ctx, server.url);  // the shim starts with room again
    await openFirstDraft(page);
    got = value(await state(page));
    check(got === good, `after reopening, the last good copy is there (${got})`);
    await settle(page);
  } finally {
    await ctx.close().catch(() => {});
    await server.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
});
