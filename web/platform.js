// web/platform.js — all JavaScript interop of the cds web app, linked with --js-library.
// The C++ side is web/platform.cpp; web/platform.hpp says why it is not Emscripten's GLFW.
//
//  * text agent: a hidden <input> focused while ImGui wants text, so Telex/VNI (Unikey), Windows'
//    Vietnamese IME, Gboard and paste all produce the intended characters. Each input event is
//    diffed against what ImGui already has (one Backspace per dropped code point, then the new
//    suffix), committed on compositionend, normalised to NFC (decomposed Vietnamese would render
//    as '?'); keydowns during composition (isComposing, keyCode 229) belong to the IME
//    (imgui #4910, #5133, #2403; egui's text_agent.rs works the same way);
//  * clipboard that also works on plain-HTTP intranets: navigator.clipboard exists only in secure
//    contexts, so execCommand('copy') is the fallback (imgui #7851);
//  * gesture zones: iOS raises the keyboard only when focus() runs inside the pointer handler
//    itself (egui #4569), and Safari opens a file picker only from there, so both happen
//    synchronously in the handler, in zones the last frame registered;
//  * files in (picker, folder, drag and drop) and out (download, Web Share), IndexedDB storage,
//    persistence request, aria-live, printing, the window.cds test hooks.
// The file request kinds and their byte limits come from C++ at start-up (cds_js_init's config):
// nothing here repeats an app constant.
// Syntax kept to what Chrome/Edge 109, Firefox ESR 115 and Safari 15.2 parse.

mergeInto(LibraryManager.library, {
  $CDS: {
    agent: null,
    shadow: '',
    composing: false,
    zones: [],
    lastPasteKey: 0,
    lastZoneOpen: {key: '', at: 0},
    fileInput: null,
    requests: {},   // kind → {maxBytes, zipBytes, jsonOnly, slices}, from C++
    delivery: null,  // the files being handed over (deliverFiles), one request after another
    // Requests are numbered as they are made; the intake's (slices) up to deliveryCut are not read
    // any further (stop_receiving), and deliveryWaiting holds, by number, how many files each of
    // those not begun yet would hand over.
    deliveryGen: 0,
    deliveryCut: 0,
    deliveryWaiting: {},
    zipFiles: {},   // name (NFC) → File of each .zip opened: dossiers whose evidence may be opened later
    dropKind: '',   // the kind files dropped on the page arrive as
    dropSlices: false,  // dropped files are handed over slice by slice (set_drops_sliced)
    picking: null,  // the picker the file input serves now: {kind, arg, accept, multiple, folder}
    db: null,
    dbWaiters: [],
    persistence: 0,
    privateMode: 0,
    wantText: false,
    // Offers bytes as a downloaded file.
    download: function (name, mime, u8) {
      var url = URL.createObjectURL(new Blob([u8], {type: mime}));
      var a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    },
    // The cds-xlsx worker (web/xlsx/worker_pre.js), started on first use: its script is
    // cds-xlsx.js, and the page fetches cds-xlsx.wasm for it (both precached for offline use).
    xlsx: null,
    xlsxJobs: {},
    xlsxWorker: function () {
      if (CDS.xlsx) return CDS.xlsx;
      // Failures to load the module are reported as "load:offline", "load:HTTP 404" or "load:network"
      // (web/edition/unit.cpp says them in words); failures to render, in the module's own words.
      CDS.xlsx = fetch('cds-xlsx.wasm').then(function (r) {
        if (!r.ok) throw new Error('load:HTTP ' + r.status);
        return r.arrayBuffer();
      }, function () {
        throw new Error(navigator.onLine === false ? 'load:offline' : 'load:network');
      }).then(function (wasm) {
        return new Promise(function (resolve, reject) {
          var w = new Worker('cds-xlsx.js');
          w.onmessage = function (e) {
            var m = e.data || {};
            if (m.ready) { resolve(w); return; }
            if (m.id === undefined) { reject(new Error('load:' + (m.error || 'module'))); return; }
            var job = CDS.xlsxJobs[m.id];
            delete CDS.xlsxJobs[m.id];
            if (!job) return;
            if (job.then) { job.then(m); return; }  // bytes for the app, not a file to save
            if (m.error) { job.done(false, m.error); return; }
            CDS.saveBytes(job.name, job.mime || 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', m.bytes, job.share);
            job.done(true, '');
          };
          w.onerror = function (e) {
            e.preventDefault();
            var why = 'load:' + (navigator.onLine === false ? 'offline' : 'network');
            Object.keys(CDS.xlsxJobs).forEach(function (k) { var j = CDS.xlsxJobs[k]; delete CDS.xlsxJobs[k]; j.done(false, why); });
            CDS.xlsx = null;
            reject(new Error(why));
          };
          w.postMessage({wasm: wasm}, [wasm]);
        });
      });
      CDS.xlsx.catch(function () { CDS.xlsx = null; });  // asked again, it tries again
      return CDS.xlsx;
    },
    // A file out: Web Share where asked and possible (phones), else a download.
    saveBytes: function (n, m, bytes, share) {
      var download = function () { CDS.download(n, m, bytes); };
      if (share && navigator.canShare && window.File) {
        try {
          var file = new File([bytes], n, {type: m});
          if (navigator.canShare({files: [file]})) {
            navigator.share({files: [file], title: n}).catch(function (e) {
              if (!e || e.name !== 'AbortError') download();
            });
            return;
          }
        } catch (e) {}
      }
      download();
    },
    // Values of the IndexedDB store by key; missing keys give null. cb(values or null, why).
    getMany: function (keys, cb) {
      CDS.withDb(function (db, why) {
        if (!db) return cb(null, why || 'IndexedDBUnavailable');
        try {
          var tx = db.transaction('kv', 'readonly'), st = tx.objectStore('kv'), out = new Array(keys.length);
          keys.forEach(function (k, i) {
            var r = st.get(k);
            r.onsuccess = function () { out[i] = r.result instanceof Uint8Array ? r.result : (r.result ? new Uint8Array(r.result) : null); };
          });
          tx.oncomplete = function () { cb(out); };
          tx.onabort = function () { cb(null, (tx.error && tx.error.name) || 'AbortError'); };
        } catch (e) {
          cb(null, (e && e.name) || 'Error');
        }
      });
    },
    // Memory that cannot grow (a tab's limit reached) is an error, never a copy to address 0.
    str: function (s) {
      var n = lengthBytesUTF8(s) + 1;
      var p = CDS.alloc(n);
      stringToUTF8(s, p, n);
      return p;
    },
    bytes: function (u8) {
      var p = CDS.alloc(u8.length || 1);
      HEAPU8.set(u8, p);
      return p;
    },
    alloc: function (n) {
      var p = _malloc(n);
      if (!p) throw new Error('hết bộ nhớ / out of memory');
      return p;
    },
    // An error nothing caught (a C++ exception escaping, memory that could not grow) leaves the
    // app's state untrustworthy: it stops with the abort's message and the memory it held.
    stop: function (e) {
      if (!window.cds.fatal) Module['onAbort'](((e && e.message) || 'hết bộ nhớ? / out of memory?') + ' — ' + (HEAPU8.length >> 20) + ' MiB');
    },
    // Calls each() until it returns true, yielding to the page (a MessageChannel message) every
    // 8 ms; the promise settles when it is done, or with each()'s exception.
    paced: function (each) {
      if (!CDS.pacer) {
        CDS.pacer = new MessageChannel();
        CDS.pacer.q = [];
        CDS.pacer.port1.onmessage = function () { CDS.pacer.q.shift()(); };
      }
      return new Promise(function (done, fail) {
        var run = function () {
          try {
            for (var t = performance.now(); !each();) {
              if (performance.now() - t > 8) { CDS.pacer.q.push(run); return CDS.pacer.port2.postMessage(0); }
            }
            done();
          } catch (e) { fail(e); }
        };
        run();
      });
    },
    callText: function (fname, s) {
      var p = CDS.str(s);
      try { Module['_' + fname](p); } finally { _free(p); }
    },
    nfc: function (s) {
      return (s && s.normalize) ? s.normalize('NFC') : s;
    },
    // Sends the difference between what ImGui has and the agent's value: one Backspace per
    // dropped code point after the common prefix, then the new suffix.
    sync: function () {
      var v = CDS.nfc(CDS.agent.value);
      var a = Array.from(CDS.shadow), b = Array.from(v);
      var i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      if (a.length - i > 0) _cds_backspaces(a.length - i);
      var add = b.slice(i).join('');
      if (add.length) CDS.callText('cds_text', add);
      CDS.shadow = v;
    },
    commit: function () {
      CDS.agent.value = '';
      CDS.shadow = '';
    },
    zoneAt: function (x, y) {
      for (var i = CDS.zones.length - 1; i >= 0; i--) {
        var z = CDS.zones[i];
        if (x >= z.x && x < z.x + z.w && y >= z.y && y < z.y + z.h) return z;
      }
      return null;
    },
    focusAgent: function () {
      if (document.activeElement !== CDS.agent) {
        try { CDS.agent.focus({preventScroll: true}); } catch (e) { CDS.agent.focus(); }
      }
    },
    pickKey: function (pick) {
      return pick.kind + '\n' + pick.arg;
    },
    openPicker: function (pick) {
      CDS.picking = pick;
      CDS.fileInput.accept = pick.accept || '';
      CDS.fileInput.multiple = !!pick.multiple;
      CDS.fileInput.webkitdirectory = !!pick.folder && ('webkitdirectory' in CDS.fileInput);
      CDS.fileInput.value = '';
      CDS.lastZoneOpen = {key: CDS.pickKey(pick), at: Date.now()};
      CDS.fileInput.click();
    },
    // Reads the files for a request, except those its kind refuses unread: larger than its limit
    // (the receiving office never holds a file no submission could be; a .zip dossier has a limit
    // of its own), or, for a folder kind, neither .json nor .zip.
    deliverFiles: function (kind, arg, files, dropped) {
      var list = Array.prototype.slice.call(files || []);
      var rule = CDS.requests[kind] || {};
      if (dropped && CDS.dropSlices) rule = Object.assign({}, rule, {slices: true});
      var limit = rule.maxBytes || 0;
      var skipped = function (name) { return rule.jsonOnly && !/\.(json|zip)$/i.test(name); };
      var count = 0;  // the files handed over (not those a folder skips by name)
      list.forEach(function (f) { if (!skipped(f.webkitRelativePath || f.name)) ++count; });
      var gen = ++CDS.deliveryGen;
      if (rule.slices) CDS.deliveryWaiting[gen] = count;
      var cut = function () { return rule.slices && gen <= CDS.deliveryCut; };
      var read = function (f) {
        var name = f.webkitRelativePath || f.name;
        var zip = /\.zip$/i.test(name);
        if (skipped(name)) return Promise.resolve({name: name, skip: _cds_files_not_json, size: 0});
        // A dossier's File is kept (a handle, not its bytes): the office opens a criterion's
        // evidence from it later (cds_js_open_evidence).
        if (zip) CDS.zipFiles[name.normalize ? name.normalize('NFC') : name] = f;
        var lim = zip && rule.zipBytes ? rule.zipBytes : limit;
        if (lim && f.size > lim) return Promise.resolve({name: name, skip: _cds_files_too_large, size: f.size});
        // A file gone since it was chosen (deleted, moved, no longer permitted) is told, not lost.
        return f.arrayBuffer().then(function (buf) { return {name: name, data: new Uint8Array(buf)}; },
                                    function () { return {name: name, skip: _cds_files_unreadable, size: 0}; });
      };
      // A file's bytes are copied once, into the string the app keeps (cds_files_add_space).
      var add = function (f) {
        var np = CDS.str(f.name);
        if (f.skip) f.skip(np, f.size);
        else if (f.data) {
          var dp = _cds_files_add_space(np, f.data.length);  // may grow the memory: HEAPU8 after it
          HEAPU8.set(f.data, dp);
        }
        _free(np);
      };
      // Read and handed over in slices (256 files or 16 MiB), one request after another: the page
      // keeps drawing (and says how many have arrived) while a folder of thousands is read, and
      // holds one slice's bytes at a time, not the whole folder's. A kind that takes its files
      // slice by slice (the office's intake) gets each slice as it is read, and works on it while
      // the next is read; it may stop the rest, and the intake's requests waiting their turn
      // (cds_js_stop_delivery): those are never read.
      CDS.delivery = (CDS.delivery || Promise.resolve()).then(function () {
        delete CDS.deliveryWaiting[gen];
        if (cut()) return;
        var kp = CDS.str(kind), ap = CDS.str(arg || ''), i = 0;
        _cds_files_begin(kp, ap, count, rule.slices ? 1 : 0);
        _free(kp);
        _free(ap);
        // A slice is taken, read and handed over a few milliseconds at a time (CDS.paced): a
        // picked folder's File asks the browser for its size (a synchronous call, 0.1-0.2 ms),
        // and starting its read and copying its bytes cost too; a slice at once held the page
        // 100-600 ms. The sizes are asked before any read starts: asked among reads, each
        // waited behind them (more than twice the time).
        var step = function () {
          if (i >= list.length || cut()) return _cds_files_end();
          var slice = [], reads = [], bytes = 0, k = 0;
          // After a stop (stop_receiving) nothing more is asked, read or handed over.
          return CDS.paced(function () {
            if (cut() || i >= list.length || slice.length >= 256 || bytes >= 16777216) return true;
            bytes += list[i].size;
            slice.push(list[i++]);
          }).then(function () {
            return CDS.paced(function () {
              if (cut() || k >= slice.length) return true;
              reads.push(read(slice[k++]));
            });
          }).then(function () { return cut() ? [] : Promise.all(reads); }).then(function (r) {
            k = 0;
            return CDS.paced(function () {
              if (cut() || k >= r.length) return true;
              add(r[k++]);
            });
          }).then(function () {
            if (cut()) return _cds_files_end();
            if (rule.slices) _cds_files_slice();
            return step();
          });
        };
        return step();
      }).catch(CDS.stop);
    },
    withDb: function (cb) {
      if (CDS.db) return cb(CDS.db);
      CDS.dbWaiters.push(cb);
      if (CDS.dbWaiters.length > 1) return;
      var fail = function (why) {
        var w = CDS.dbWaiters; CDS.dbWaiters = [];
        w.forEach(function (f) { f(null, why); });
      };
      try {
        var req = indexedDB.open('cds', 1);
        req.onupgradeneeded = function () { req.result.createObjectStore('kv'); };
        req.onsuccess = function () {
          CDS.db = req.result;
          var w = CDS.dbWaiters; CDS.dbWaiters = [];
          w.forEach(function (f) { f(CDS.db); });
        };
        req.onerror = function () { fail((req.error && req.error.name) || 'IndexedDBError'); };
        req.onblocked = function () { fail('IndexedDBBlocked'); };
      } catch (e) {
        fail((e && e.name) || 'IndexedDBUnavailable');
      }
    },
    clipboardFallback: function (text) {
      var ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.top = '-1000px';
      document.body.appendChild(ta);
      var had = document.activeElement === CDS.agent;
      ta.select();
      try { document.execCommand('copy'); } catch (e) {}
      document.body.removeChild(ta);
      if (had) CDS.focusAgent();
    },
    listenText: function (agent) {
      agent.addEventListener('compositionstart', function () { CDS.composing = true; });
      agent.addEventListener('compositionend', function () {
        CDS.composing = false;
        CDS.sync();
        CDS.commit();
      });
      agent.addEventListener('input', function (e) {
        CDS.sync();
        if (!CDS.composing && !e.isComposing) CDS.commit();
      });
      agent.addEventListener('blur', function () {
        // Keep the agent focused while ImGui edits text (a click inside the same field blurs it in
        // some browsers before our pointer handler runs).
        if (CDS.wantText) setTimeout(function () { if (CDS.wantText) CDS.focusAgent(); }, 0);
      });
    },
    listenKeys: function () {
      var onKey = function (down) {
        return function (e) {
          if (e.isComposing || e.keyCode === 229) return;  // the IME owns these
          if (down && (e.ctrlKey || e.metaKey) && (e.key === 'v' || e.key === 'V')) CDS.lastPasteKey = Date.now();
          var mods = (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
          var cp = CDS.str(e.code || ''), kp = CDS.str(e.key || '');
          var prevent = _cds_key(cp, kp, down ? 1 : 0, mods);
          _free(cp);
          _free(kp);
          if (prevent) e.preventDefault();
          e.stopPropagation();
        };
      };
      window.addEventListener('keydown', onKey(true), true);
      window.addEventListener('keyup', onKey(false), true);
      // ImGui reads the clipboard from C++ (kept fresh here); a paste without Ctrl+V (context menu,
      // phone) is typed in by the C++ side.
      document.addEventListener('paste', function (e) {
        var t = (e.clipboardData || window.clipboardData).getData('text') || '';
        e.preventDefault();
        var p = CDS.str(CDS.nfc(t));
        _cds_paste(p, (Date.now() - CDS.lastPasteKey) < 1000 ? 1 : 0);
        _free(p);
      });
    },
    // Gesture zones: synchronous focus (iOS raises the keyboard only from the handler itself)
    // and file pickers (Safari opens them only from the handler).
    listenPointer: function (canvas) {
      var onPointer = function (e) {
        var z = CDS.zoneAt(e.clientX, e.clientY);
        if (!z) return;
        if (z.a === 'text') CDS.focusAgent();
        else if (e.type !== 'pointerdown' && z.a === 'open') CDS.openPicker(z.pick);
      };
      canvas.addEventListener('pointerdown', onPointer, true);
      canvas.addEventListener('pointerup', onPointer, true);
      canvas.addEventListener('touchend', function (e) {
        var t = e.changedTouches && e.changedTouches[0];
        if (!t) return;
        var z = CDS.zoneAt(t.clientX, t.clientY);
        if (z && z.a === 'text') CDS.focusAgent();
      }, true);
      canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    },
    listenFiles: function () {
      CDS.fileInput.addEventListener('change', function () {
        var p = CDS.picking || {kind: CDS.dropKind, arg: ''};
        CDS.deliverFiles(p.kind, p.arg, CDS.fileInput.files);
        // The files are taken (deliverFiles copies the list): an input still holding them puts
        // every file's path in the page's saved state, which Chromium wrote in a task of 0.5 s
        // after a folder of 10,800 files.
        CDS.fileInput.value = '';
      });
      document.addEventListener('dragover', function (e) { e.preventDefault(); });
      document.addEventListener('drop', function (e) {
        e.preventDefault();
        if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) CDS.deliverFiles(CDS.dropKind, '', e.dataTransfer.files, true);
      });
    },
    // Storage persistence (needs a secure context) and a private-window hint.
    askPersistence: function () {
      try {
        if (navigator.storage && navigator.storage.persist && window.isSecureContext) {
          navigator.storage.persisted().then(function (p) {
            if (p) { CDS.persistence = 1; _cds_wake(); return; }
            return navigator.storage.persist().then(function (g) { CDS.persistence = g ? 1 : 2; _cds_wake(); });
          }).catch(function () { CDS.persistence = 3; });
        } else {
          CDS.persistence = 3;
        }
        if (navigator.storage && navigator.storage.estimate) {
          navigator.storage.estimate().then(function (q) {
            CDS.privateMode = (q && q.quota && q.quota < 120 * 1024 * 1024) ? 1 : 0;
            _cds_wake();
          });
        }
      } catch (e) {
        CDS.persistence = 3;
      }
    }
  },

  cds_js_init__deps: ['$CDS', 'malloc', 'free'],
  cds_js_init: function (config) {
    var c = JSON.parse(UTF8ToString(config));
    CDS.requests = c.requests || {};
    CDS.dropKind = c.drop || '';
    CDS.agent = document.getElementById('cds-text-agent');
    CDS.fileInput = document.getElementById('cds-file');
    var canvas = document.getElementById('canvas');
    CDS.listenText(CDS.agent);
    CDS.listenKeys();
    CDS.listenPointer(canvas);
    CDS.listenFiles();
    window.addEventListener('error', function (e) { CDS.stop(e.error || e.message); });
    window.addEventListener('pagehide', function () { _cds_page_hidden(); });
    // Back/Forward between the app's screens (each screen visit is a history entry).
    window.addEventListener('popstate', function (e) {
      var name = e.state && e.state.cds ? String(e.state.cds) : 'home';
      var n = lengthBytesUTF8(name) + 1, p = _malloc(n);
      stringToUTF8(name, p, n);
      _cds_nav_back(p);
      _free(p);
    });
    CDS.askPersistence();
    // Test hooks (also handy for support): window.cds.frames(), state(), items().
    var hooks = window.cds || (window.cds = {});
    hooks.frames = function () { return _cds_frames(); };
    hooks.state = function () { return JSON.parse(UTF8ToString(_cds_state_json())); };
    hooks.items = function () { return JSON.parse(UTF8ToString(_cds_items_json())); };
    hooks.layout = function () { return JSON.parse(UTF8ToString(_cds_layout_json())); };
    hooks.captureText = function (on) { _cds_capture_text(on ? 1 : 0); };
    hooks.text = function () { return UTF8ToString(_cds_frame_text()); };
  },

  cds_js_nav: function (push, screen) {
    var st = {cds: UTF8ToString(screen)};
    try {
      if (push) history.pushState(st, '');
      else history.replaceState(st, '');
    } catch (e) {}  // sandboxed frames may refuse: Back then leaves the page, nothing else breaks
  },

  cds_js_session_set: function (key, value) {
    try { sessionStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
  },

  cds_js_session_get: function (key, buf, len) {
    var v = null;
    try { v = sessionStorage.getItem(UTF8ToString(key)); } catch (e) {}
    if (v === null) return 0;
    return stringToUTF8(v, buf, len);
  },

  cds_js_ready__deps: ['$CDS'],
  cds_js_ready: function () {
    if (window.cdsReadyResolve) window.cdsReadyResolve();
    var loading = document.getElementById('cds-loading');
    if (loading) loading.style.display = 'none';
  },

  cds_js_text_input__deps: ['$CDS'],
  cds_js_text_input: function (active, x, y, w, h, mode) {
    var a = CDS.agent;
    CDS.wantText = !!active;
    if (active) {
      // The phone keyboard the field wants: digits with "," and "." for numbers and dates.
      var m = UTF8ToString(mode) || 'text';
      if (a.inputMode !== m) {
        a.inputMode = m;
        if (document.activeElement === a) { a.blur(); }  // the keyboard changes on the next focus
      }
      // The field stays visible above the on-screen keyboard (the canvas scrolls in the app).
      if (a.scrollIntoView && window.visualViewport && window.visualViewport.height < window.innerHeight * 0.8) {
        try { a.scrollIntoView({block: 'center'}); } catch (e) {}
      }
      a.style.left = Math.max(0, x) + 'px';
      a.style.top = Math.max(0, y) + 'px';
      a.style.width = Math.max(1, w) + 'px';
      a.style.height = Math.max(1, h) + 'px';
      CDS.focusAgent();
    } else {
      if (CDS.composing) { CDS.composing = false; CDS.sync(); }
      CDS.commit();
      if (document.activeElement === a) a.blur();
    }
  },

  cds_js_gesture_zones__deps: ['$CDS'],
  cds_js_gesture_zones: function (json) {
    try { CDS.zones = JSON.parse(UTF8ToString(json)); } catch (e) { CDS.zones = []; }
  },

  cds_js_open_file__deps: ['$CDS'],
  cds_js_open_file: function (json) {
    var pick = JSON.parse(UTF8ToString(json));
    // Already opened synchronously by the pointer handler for this very click?
    if (CDS.lastZoneOpen.key === CDS.pickKey(pick) && Date.now() - CDS.lastZoneOpen.at < 1500) return;
    CDS.openPicker(pick);
  },

  cds_js_clipboard_write__deps: ['$CDS'],
  cds_js_clipboard_write: function (text) {
    var t = UTF8ToString(text);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(t).catch(function () { CDS.clipboardFallback(t); });
    } else {
      CDS.clipboardFallback(t);
    }
  },

  cds_js_can_share: function () {
    try {
      if (!navigator.canShare || !window.File) return 0;
      var f = new File(['x'], 'x.json', {type: 'application/json'});
      return navigator.canShare({files: [f]}) ? 1 : 0;
    } catch (e) {
      return 0;
    }
  },

  cds_js_save__deps: ['$CDS'],
  cds_js_save: function (name, mime, data, len, share) {
    CDS.saveBytes(UTF8ToString(name), UTF8ToString(mime), new Uint8Array(HEAPU8.subarray(data, data + len)), share);
  },

  // Excel in the unit edition: the workbook JSON to the cds-xlsx worker, the bytes back as a download.
  cds_js_xlsx__deps: ['$CDS'],
  cds_js_xlsx: function (job, json, name) {
    var j = UTF8ToString(json), n = UTF8ToString(name);
    var done = function (ok, why) {
      var p = CDS.str(why || '');
      try { _cds_xlsx_done(job, ok ? 1 : 0, p); } finally { _free(p); }
    };
    CDS.xlsxWorker().then(function (w) {
      CDS.xlsxJobs[job] = {name: n, done: done};
      w.postMessage({id: job, json: j});
    }, function (e) { done(false, e && e.message ? e.message : String(e)); });
  },

  // A dossier (docs/dossier-format.md): the evidence bytes read from IndexedDB ("ev:<sha256>",
  // kept when the files were attached), then packed by the cds-xlsx worker, which lays the files
  // out from the signed submission and checks each against its signed SHA-256. Answers through
  // _cds_xlsx_done: "missing:<sha>,<sha>" when files are not on this device, "changed:<name>",
  // "storage:<why>", "load:…", or the module's own words.
  cds_js_dossier__deps: ['$CDS'],
  cds_js_dossier: function (job, planJson, share) {
    // {name, submission, sha256: [...], parts: [{file, sha256}]}: a merged draft's agency parts,
    // kept as "part:<signed sha256>" when the merge became the draft, go under parts/.
    var plan = JSON.parse(UTF8ToString(planJson));
    var parts = plan.parts || [];
    var done = function (ok, why) {
      var p = CDS.str(why || '');
      try { _cds_xlsx_done(job, ok ? 1 : 0, p); } finally { _free(p); }
    };
    var keys = plan.sha256.map(function (h) { return 'ev:' + h; }).concat(parts.map(function (p) { return 'part:' + p.sha256; }));
    CDS.getMany(keys, function (values, why) {
      if (!values) return done(false, 'storage:' + why);
      var missing = [], files = [], found = [], lost = [];
      values.forEach(function (v, i) {
        if (i >= plan.sha256.length) {
          var part = parts[i - plan.sha256.length];
          if (v) found.push({file: part.file, bytes: v});
          else lost.push(part.file);
        } else if (v) files.push({sha256: plan.sha256[i], bytes: v});
        else missing.push(plan.sha256[i]);
      });
      if (missing.length) return done(false, 'missing:' + missing.join(','));
      if (lost.length) return done(false, 'parts:' + lost.join(','));
      CDS.xlsxWorker().then(function (w) {
        CDS.xlsxJobs[job] = {name: plan.name, mime: 'application/zip', share: !!share, done: done};
        w.postMessage({id: job, dossier: {submission: new TextEncoder().encode(plan.submission), files: files, parts: found}});
      }, function (e) { done(false, e && e.message ? e.message : String(e)); });
    });
  },

  // A dossier opened for "Kiểm tra bài nộp": the worker reads it; its submission's bytes and the
  // evidence check come back through _cds_dossier_opened(job, ok, bytes, length, meta or "vi\ten").
  // The ZIP is held here (the last one only) for cds_js_dossier_repack.
  cds_js_dossier_open__deps: ['$CDS'],
  cds_js_dossier_open: function (job, data, len) {
    var zip = new Uint8Array(HEAPU8.subarray(data, data + len));
    CDS.heldDossier = {token: job, zip: zip};
    var answer = function (ok, bytes, text) {
      var bp = CDS.bytes(bytes || new Uint8Array(0)), tp = CDS.str(text || '');
      try { _cds_dossier_opened(job, ok ? 1 : 0, bp, bytes ? bytes.length : 0, tp); } finally { _free(bp); _free(tp); }
    };
    CDS.xlsxWorker().then(function (w) {
      CDS.xlsxJobs[job] = {
        then: function (m) { if (m.error) answer(false, null, m.error); else answer(true, m.bytes, m.meta || '{}'); },
        done: function (ok, why) { answer(false, null, why); }
      };
      w.postMessage({id: job, open: zip.slice()});
    }, function (e) { answer(false, null, e && e.message ? e.message : String(e)); });
  },
  // The held dossier (by its token) packed again around a countersigned submission, then saved.
  cds_js_dossier_repack__deps: ['$CDS'],
  cds_js_dossier_repack: function (job, token, sub, len, name, share) {
    var submission = new Uint8Array(HEAPU8.subarray(sub, sub + len)), n = UTF8ToString(name);
    var done = function (ok, why) {
      var p = CDS.str(why || '');
      try { _cds_xlsx_done(job, ok ? 1 : 0, p); } finally { _free(p); }
    };
    var held = CDS.heldDossier;
    if (!held || held.token !== token) return done(false, 'held');
    CDS.xlsxWorker().then(function (w) {
      CDS.xlsxJobs[job] = {name: n, mime: 'application/zip', share: !!share, done: done};
      w.postMessage({id: job, repack: {zip: held.zip.slice(), submission: submission}});
    }, function (e) { done(false, e && e.message ? e.message : String(e)); });
  },

  // One evidence file out of a dossier opened earlier (by its name, as delivered): the File is read
  // again, the worker finds the entry with that SHA-256, and it is saved as `name`. Answers through
  // _cds_xlsx_done: "gone" when the dossier's File is not held any more, "missing", "load:…".
  cds_js_open_evidence__deps: ['$CDS'],
  cds_js_open_evidence: function (job, dossier, sha, name) {
    var d = UTF8ToString(dossier), h = UTF8ToString(sha), n = UTF8ToString(name);
    var done = function (ok, why) {
      var p = CDS.str(why || '');
      try { _cds_xlsx_done(job, ok ? 1 : 0, p); } finally { _free(p); }
    };
    var f = CDS.zipFiles[d];
    if (!f) return done(false, 'gone');
    var ext = (n.match(/\.([A-Za-z0-9]+)$/) || [])[1] || '';
    var mime = {pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg'}[ext.toLowerCase()] || 'application/octet-stream';
    f.arrayBuffer().then(function (buf) {
      return CDS.xlsxWorker().then(function (w) {
        CDS.xlsxJobs[job] = {name: n, mime: mime, done: done};
        w.postMessage({id: job, extract: {zip: new Uint8Array(buf), sha256: h}});
      });
    }).catch(function (e) { done(false, e && e.message ? e.message : 'gone'); });
  },

  // One of the app's own files (a rubric fetched when first needed); the answer comes back through
  // _cds_fetch_done(req, ok, bytes or reason, length).
  cds_js_fetch__deps: ['$CDS'],
  cds_js_fetch: function (req, path) {
    var p = UTF8ToString(path);
    var answer = function (ok, u8) {
      var ptr = CDS.bytes(u8);
      try { _cds_fetch_done(req, ok ? 1 : 0, ptr, u8.length); } finally { _free(ptr); }
    };
    fetch(p).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.arrayBuffer();
    }).then(function (b) { answer(true, new Uint8Array(b)); }, function (e) {
      // "offline", "HTTP 404" or "network": C++ says them in words.
      var why = navigator.onLine === false ? 'offline' : (e && /^HTTP \d+$/.test(e.message) ? e.message : 'network');
      answer(false, new TextEncoder().encode(why));
    });
  },

  cds_js_mark: function (name) {
    if (window.cds && window.cds.timing && window.performance) window.cds.timing[UTF8ToString(name)] = Math.round(performance.now());
  },

  cds_js_open_office__deps: ['$CDS'],
  cds_js_open_office: function () {
    try { _cds_page_hidden(); } catch (e) {}
    location.href = location.pathname + '?office';
  },

  cds_js_storage_put__deps: ['$CDS'],
  cds_js_storage_put: function (req, key, value, len) {
    var k = UTF8ToString(key);
    var v = new Uint8Array(HEAPU8.subarray(value, value + len));
    var done = function (ok, err) {
      var p = CDS.str(err || '');
      _cds_storage_put_done(req, ok ? 1 : 0, p);
      _free(p);
    };
    CDS.withDb(function (db, why) {
      if (!db) return done(false, why || 'IndexedDBUnavailable');
      try {
        var tx = db.transaction('kv', 'readwrite');
        tx.objectStore('kv').put(v, k);
        tx.oncomplete = function () { done(true); };
        tx.onabort = function () { done(false, (tx.error && tx.error.name) || 'AbortError'); };
        tx.onerror = function (e) { if (e && e.preventDefault) e.preventDefault(); };
      } catch (e) {
        done(false, (e && e.name) || 'Error');
      }
    });
  },

  cds_js_storage_get_all__deps: ['$CDS'],
  cds_js_storage_get_all: function (req, prefix, keysOnly) {
    var pre = UTF8ToString(prefix), ko = UTF8ToString(keysOnly);
    var finish = function () { _cds_storage_get_done(req); };
    CDS.withDb(function (db) {
      if (!db) return finish();
      try {
        var tx = db.transaction('kv', 'readonly');
        var range = IDBKeyRange.bound(pre, pre + '\uffff');
        var cur = tx.objectStore('kv').openCursor(range);
        cur.onsuccess = function () {
          var c = cur.result;
          if (!c) return;
          var key = String(c.key);
          // Records under `keysOnly` (evidence files' bytes, possibly large) come without their value.
          var v = ko && key.lastIndexOf(ko, 0) === 0 ? new Uint8Array(0)
                : (c.value instanceof Uint8Array ? c.value : new Uint8Array(c.value || []));
          var kp = CDS.str(key);
          var vp = CDS.bytes(v);
          _cds_storage_item(req, kp, vp, v.length);
          _free(kp);
          _free(vp);
          c.continue();
        };
        tx.oncomplete = finish;
        tx.onabort = finish;
      } catch (e) {
        finish();
      }
    });
  },

  cds_js_storage_delete__deps: ['$CDS'],
  cds_js_storage_delete: function (key) {
    var k = UTF8ToString(key);
    CDS.withDb(function (db) {
      if (!db) return;
      try { db.transaction('kv', 'readwrite').objectStore('kv').delete(k); } catch (e) {}
    });
  },

  cds_js_persistence__deps: ['$CDS'],
  cds_js_persistence: function () { return CDS.persistence; },
  cds_js_secure_context: function () { return window.isSecureContext ? 1 : 0; },
  cds_js_file_url: function () { return location.protocol === 'file:' ? 1 : 0; },
  cds_js_single_file: function () { return window.CDS_SINGLE_FILE ? 1 : 0; },
  cds_js_download_offline: function () { if (window.cds && window.cds.downloadOffline) window.cds.downloadOffline(); },
  cds_js_stop_delivery__deps: ['$CDS'],
  cds_js_stop_delivery: function () {
    var n = 0;
    for (var g in CDS.deliveryWaiting) n += CDS.deliveryWaiting[g];
    CDS.deliveryWaiting = {};
    CDS.deliveryCut = CDS.deliveryGen;
    return n;
  },
  cds_js_drops_sliced__deps: ['$CDS'],
  cds_js_drops_sliced: function (on) { CDS.dropSlices = !!on; },
  cds_js_private_mode__deps: ['$CDS'],
  cds_js_private_mode: function () { return CDS.privateMode; },

  cds_js_announce: function (text) {
    var el = document.getElementById('cds-live');
    if (el) el.textContent = UTF8ToString(text);
  },

  cds_js_print: function (html) {
    var h = UTF8ToString(html);
    var old = document.getElementById('cds-print');
    if (old) old.parentNode.removeChild(old);
    var f = document.createElement('iframe');
    f.id = 'cds-print';
    f.setAttribute('title', 'print');
    f.style.position = 'fixed';
    f.style.width = '0';
    f.style.height = '0';
    f.style.border = '0';
    f.style.left = '-10px';
    document.body.appendChild(f);
    f.onload = function () {
      try { f.contentWindow.focus(); f.contentWindow.print(); } catch (e) {}
    };
    f.srcdoc = h;
  },

  cds_js_fatal: function (vi, en) {
    if (window.cdsFatal) window.cdsFatal(UTF8ToString(vi), UTF8ToString(en));
  },

  cds_js_now: function () { return Date.now(); },

  cds_js_local_iso: function (buf, len) {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var off = -d.getTimezoneOffset();
    var s = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' +
            pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + (off >= 0 ? '+' : '-') + pad(Math.floor(Math.abs(off) / 60)) +
            ':' + pad(Math.abs(off) % 60);
    stringToUTF8(s, buf, len);
  }
});
