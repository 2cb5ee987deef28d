// shell/boot.js — loads the cds web app:
//  * checks the browser can run it (WebAssembly, WebGL) and otherwise says so in plain HTML;
//  * takes the font and rubric files from the page's own origin, or inlined in the single-file
//    build (cds-offline.html), and hands them to the wasm module before main();
//  * registers the service worker (HTTPS or localhost only) and shows a non-blocking banner when a
//    new release is ready; on plain HTTP it says that offline use needs HTTPS or the single file.
// window.cds.ready resolves after the first frame (browser tests wait on it).
// Syntax: what Chrome/Edge 109, Firefox ESR 115 and Safari 15.2 parse (checked by tools/check-js).
(function () {
  'use strict';
  var cds = window.cds = window.cds || {};
  cds.ready = new Promise(function (resolve) { window.cdsReadyResolve = resolve; });
  cds.loadStarted = Date.now();
  var meta = document.querySelector('meta[name="cds-release"]');
  cds.release = meta ? meta.getAttribute('content') : 'dev';
  var single = !!window.CDS_SINGLE_FILE;
  // Which edition (web/edition.hpp): the unit edition by default, the office edition with ?office.
  var office = !single && /(^|&)office(=|&|$)/.test(location.search.replace(/^\?/, ''));
  cds.edition = office ? 'office' : 'unit';
  var wasmName = office ? 'cds-office.wasm' : 'cds.wasm';
  // Where the time goes before the first frame (performance.now() ms; the perf test prints them).
  var t0 = (window.performance && performance.now) ? function () { return Math.round(performance.now()); } : function () { return 0; };
  cds.timing = {boot: t0()};
  cds.ready.then(function () { cds.timing.ready = t0(); });

  function stopRuntime() {
    // In the single-file build cds.js is inline and runs next: keep it from starting.
    window.Module = {noInitialRun: true, instantiateWasm: function () { return {}; }};
  }

  function fatal(vi, en) {
    var box = document.getElementById('cds-message');
    var loading = document.getElementById('cds-loading');
    if (loading) loading.style.display = 'none';
    box.textContent = '';
    var p1 = document.createElement('div');
    p1.textContent = vi;
    var p2 = document.createElement('div');
    p2.className = 'en';
    p2.textContent = en;
    box.appendChild(p1);
    box.appendChild(p2);
    box.hidden = false;
    var canvas = document.getElementById('canvas');
    if (canvas) canvas.style.display = 'none';
    cds.fatal = vi + ' / ' + en;
  }
  window.cdsFatal = fatal;

  // Why a download failed, in words (never the browser's "Failed to fetch").
  function whyFailed(e) {
    if (navigator.onLine === false) return ['máy đang không có mạng', 'this device is offline'];
    var m = e && e.message ? /HTTP (\d+)/.exec(e.message) : null;
    if (m) return ['máy chủ trả lời lỗi ' + m[1], 'the server answered with error ' + m[1]];
    return ['không kết nối được tới máy chủ của trang', 'the page\'s server could not be reached'];
  }

  function banner(vi, en, buttonVi, onClick) {
    var b = document.getElementById('cds-banner');
    b.textContent = '';
    // Vietnamese first; the English line under it, smaller, marked as English for screen readers.
    var t = document.createElement('span');
    t.textContent = vi;
    var te = document.createElement('small');
    te.lang = 'en';
    te.textContent = en;
    t.appendChild(document.createElement('br'));
    t.appendChild(te);
    b.appendChild(t);
    if (buttonVi) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = buttonVi;
      btn.addEventListener('click', onClick);
      b.appendChild(btn);
    }
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Đóng / Close');
    close.addEventListener('click', function () { b.hidden = true; });
    b.appendChild(close);
    b.hidden = false;
    cds.banner = vi;
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    stopRuntime();
    fatal('Trình duyệt này không chạy được WebAssembly nên không dùng được ứng dụng. Hãy dùng Chrome hoặc Edge (bản 109 trở lên), Firefox (115 trở lên) hoặc Safari (15.2 trở lên).',
          'This browser cannot run WebAssembly. Use Chrome or Edge 109+, Firefox 115+ or Safari 15.2+.');
    return;
  }
  try {
    var probe = document.createElement('canvas');
    var gl = probe.getContext('webgl') || probe.getContext('experimental-webgl');
    if (!gl) throw new Error('no webgl');
  } catch (e) {
    stopRuntime();
    fatal('Trình duyệt này không hỗ trợ WebGL (hoặc WebGL đang bị tắt), nên không thể hiển thị ứng dụng. Hãy bật "tăng tốc phần cứng" trong cài đặt trình duyệt, hoặc dùng Chrome, Edge, Firefox hay Safari bản mới.',
          'This browser does not support WebGL (or it is disabled). Turn on hardware acceleration, or use a recent Chrome, Edge, Firefox or Safari.');
    return;
  }

  // The wasm handles bad input with WebAssembly exceptions (Chrome/Edge 95+, Firefox 100+, Safari
  // 15.2+): a module holding one try/catch_all must validate.
  if (!WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]))) {
    stopRuntime();
    fatal('Trình duyệt này quá cũ để chạy ứng dụng. Hãy cập nhật: Chrome hoặc Edge bản 109 trở lên, Firefox 115 trở lên, Safari 15.2 trở lên (trên iPhone/iPad: cập nhật iOS).',
          'This browser is too old for the app. Update to Chrome or Edge 109+, Firefox 115+ or Safari 15.2+ (on iPhone/iPad: update iOS).');
    return;
  }

  function decode64(s) {
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // The single file's binary parts: base64 of gzip, inflated by the browser (DecompressionStream:
  // Chrome/Edge 80+, Firefox 113+, Safari 16.4+).
  function gunzip64(b64) {
    var stream = new Blob([decode64(b64)]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  if (single && typeof DecompressionStream !== 'function') {
    stopRuntime();
    fatal('Bản một tệp cần trình duyệt mới hơn: Chrome hoặc Edge 109, Firefox 115 trở lên (Safari từ 16.4). Hãy mở bằng một trong các trình duyệt đó, hoặc dùng trang web của cds.',
          'The single file needs a newer browser: Chrome or Edge 109, Firefox 115 or later (Safari 16.4+). Open it in one of those, or use the cds web app.');
    return;
  }

  function fetchBytes(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.arrayBuffer();
    }).then(function (b) { return new Uint8Array(b); });
  }

  // The progress bar under "Đang tải cds…": bytes of the wasm received, of its size written into
  // the page at build time (<meta name="cds-sizes">; gzip on the wire does not change the count).
  var sizes = {};
  try {
    var sm = document.querySelector('meta[name="cds-sizes"]');
    if (sm) sizes = JSON.parse(sm.getAttribute('content'));
  } catch (e) {}
  function progress(got, total) {
    var bar = document.getElementById('cds-progress');
    var label = document.getElementById('cds-progress-label');
    if (!bar || !total) return;
    var pct = Math.min(100, Math.round(100 * got / total));
    bar.style.width = pct + '%';
    bar.parentNode.setAttribute('aria-valuenow', String(pct));
    if (label) label.textContent = pct + ' % · ' + (got / 1048576).toFixed(1).replace('.', ',') + ' / ' + (total / 1048576).toFixed(1).replace('.', ',') + ' MB';
    cds.progress = pct;
  }

  // Downloads and compiles the wasm while it arrives (streaming compile where the server says
  // application/wasm), counting bytes for the bar. Started here, before cds.js has arrived:
  // compiling needs no imports, so it runs while the glue script and the fonts download.
  function compile() {
    var total = sizes[wasmName] || 0;
    var got = 0;
    function counted(r) {
      if (!r.body || typeof TransformStream !== 'function') return r;
      var ts = new TransformStream({transform: function (chunk, ctl) { got += chunk.byteLength; progress(got, total); ctl.enqueue(chunk); }});
      return new Response(r.body.pipeThrough(ts), {headers: {'Content-Type': 'application/wasm'}});
    }
    function whole() {
      return fetchBytes(wasmName).then(function (b) {
        progress(total, total);
        return WebAssembly.compile(b);
      });
    }
    return fetch(wasmName).then(function (r) {
      if (!r.ok) throw new Error(wasmName + ': HTTP ' + r.status);
      cds.timing.wasmResponse = t0();
      var type = r.headers.get('Content-Type') || '';
      if (typeof WebAssembly.compileStreaming === 'function' && type.indexOf('application/wasm') === 0) {
        cds.streaming = true;
        return WebAssembly.compileStreaming(counted(r)).catch(function () { cds.streaming = false; return whole(); });
      }
      cds.streaming = false;
      return counted(r).arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
    });
  }
  var compiled = single ? null : compile();
  if (compiled) compiled.catch(function () {});  // reported by instantiate()

  function instantiate(imports, ok) {
    compiled.then(function (module) {
      cds.timing.wasmCompiled = t0();
      return WebAssembly.instantiate(module, imports).then(function (instance) { return {instance: instance, module: module}; });
    }).then(function (res) {
      cds.timing.wasmReady = t0();
      ok(res.instance, res.module);
    }, function (e) {
      var why = whyFailed(e);
      fatal('Không tải được tệp chương trình ' + wasmName + ' (' + why[0] + '). Hãy kiểm tra kết nối rồi tải lại trang.',
            'Could not load ' + wasmName + ' (' + why[1] + '). Check the connection and reload.');
    });
    return {};
  }

  function loadAssets() {
    if (single) {
      return Promise.all(window.CDS_INLINE_ASSETS.map(function (a) {
        if (a.text !== undefined) return {name: a.name, data: new TextEncoder().encode(a.text)};
        return gunzip64(a.gz).then(function (b) { return {name: a.name, data: b}; });
      }));
    }
    // The rubric catalogue only; the app fetches a rubric file when it is first needed (a new
    // draft, a stored draft, a file to verify, "Tổng hợp" opened), in both editions.
    var names = ['fonts/NotoSans-Regular-vi.ttf', 'fonts/NotoSans-Bold-vi.ttf', 'fonts/NotoSansMath-symbols.ttf', 'fonts/NotoSansSymbols2-ui.ttf',
                 'rubrics/index.json'];
    return Promise.all(names.map(function (n) {
      return fetchBytes(n).then(function (b) { return {name: n, data: b}; });
    }));
  }

  var assetsReady = loadAssets();
  var runtimeReady = new Promise(function (resolve) {
    window.Module = {
      noInitialRun: true,
      onRuntimeInitialized: resolve,
      print: function (t) { console.log(t); },
      printErr: function (t) { console.warn(t); },
      onAbort: function (what) {
        fatal('Ứng dụng gặp lỗi và phải dừng. Dữ liệu đã lưu trên máy vẫn còn; hãy tải lại trang. (' + what + ')',
              'The app hit an error and stopped. Saved data is kept; reload the page.');
      }
    };
    window.Module.instantiateWasm = single ? instantiateInline : instantiate;
  });
  function instantiateInline(imports, ok) {
    gunzip64(window.CDS_WASM_GZ).then(function (b) {
      window.CDS_WASM_GZ = null;
      cds.timing.wasmResponse = t0();
      return WebAssembly.instantiate(b, imports);
    }).then(function (res) {
      cds.timing.wasmReady = t0();
      ok(res.instance, res.module);
    }, function (e) {
      fatal('Không mở được phần chương trình trong tệp (' + e + '). Tệp có thể bị hỏng khi chép; hãy lấy lại tệp cds-offline.html.',
            'Could not open the program inside the file (' + e + '). It may have been damaged in copying; get cds-offline.html again.');
    });
    return {};
  }


  Promise.all([assetsReady, runtimeReady]).then(function (r) {
    var assets = r[0];
    var M = window.Module;
    assets.forEach(function (a) {
      var n = M.lengthBytesUTF8(a.name) + 1;
      var np = M._malloc(n);
      M.stringToUTF8(a.name, np, n);
      var dp = M._malloc(a.data.length || 1);
      M.HEAPU8.set(a.data, dp);
      M._cds_asset_add(np, dp, a.data.length);
      M._free(np);
      M._free(dp);
    });
    if (single) window.CDS_INLINE_ASSETS = null;
    cds.timing.main = t0();
    M.callMain([]);
  }, function (e) {
    // The files did not arrive: from the server, or (the single file) out of the page itself,
    // where no server is involved.
    if (single) {
      fatal('Không mở được các tệp bên trong cds-offline.html (' + e + '). Hãy tải lại trang; nếu vẫn lỗi, tệp có thể bị hỏng khi chép: hãy lấy lại tệp.',
            'Could not open the files inside cds-offline.html (' + e + '). Reload the page; if it happens again, the file may have been damaged in copying: get it again.');
      return;
    }
    var why = whyFailed(e);
    fatal('Không tải được các tệp của ứng dụng (' + why[0] + '). Hãy kiểm tra kết nối rồi tải lại trang.',
          'Could not load the app files (' + why[1] + '). Check the connection and reload.');
  }).catch(function (e) {
    // The files arrived but the app could not start with them: not a connection problem.
    fatal('Ứng dụng gặp lỗi khi khởi động (' + e + '). Dữ liệu đã lưu trên máy vẫn còn; hãy tải lại trang.',
          'The app hit an error while starting (' + e + '). Saved data is kept; reload the page.');
  });

  if (!single) {
    var s = document.createElement('script');
    var jsName = office ? 'cds-office.js' : 'cds.js';
    s.src = jsName;
    s.onerror = function () {
      fatal('Không tải được ' + jsName + '. Hãy tải lại trang.', 'Could not load ' + jsName + '. Reload the page.');
    };
    document.body.appendChild(s);
  }

  // The single-file build, downloaded from this server (to use offline, to pass on by USB or email).
  cds.downloadOffline = function () {
    return fetch('cds-offline.html', {cache: 'no-cache'}).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.blob();
    }).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var a = document.createElement('a');
      a.href = url;
      a.download = 'cds-offline.html';
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      return true;
    }).catch(function (e) {
      var why = whyFailed(e);
      banner('Không tải được bản một tệp cds-offline.html (' + why[0] + '). Việc này cần có mạng tới máy chủ của trang.',
             'Could not download the single-file build (' + why[1] + '); this needs a connection to the page\'s server.');
      return false;
    });
  };

  // Offline use: a service worker where the browser allows one, otherwise say what to do.
  cds.offline = 'none';
  if (single || location.protocol === 'file:') {
    cds.offline = 'single-file';  // (served over HTTP by mistake too: it is the same file, no worker)
  } else if (!window.isSecureContext) {
    cds.offline = 'insecure';
    banner('Trang đang chạy qua HTTP thường (không phải HTTPS): trình duyệt không cho dùng ngoại tuyến. Hãy dùng địa chỉ HTTPS, hoặc tải bản một tệp cds-offline.html để dùng không cần mạng.',
           'This page is served over plain HTTP: the browser will not keep it for offline use. Use HTTPS, or download the single-file build cds-offline.html.',
           'Tải bản một tệp / Download', function () { cds.downloadOffline(); });
  } else if ('serviceWorker' in navigator) {
    cds.offline = 'registering';
    // Registered once the app shows its first frame: the worker's precache (the other edition,
    // the Excel module, every rubric) then never competes with the first visit's own downloads.
    cds.ready.then(registerWorker);
  }

  function registerWorker() {
    var reloading = false;
    var flush = function () {
      // Save every draft first; the update never touches them.
      try { if (window.Module && window.Module._cds_page_hidden) window.Module._cds_page_hidden(); } catch (e) {}
    };
    var controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener('controllerchange', function () {
      if (reloading) return;
      if (!controlled) {  // first visit: the worker just took control of this page
        controlled = true;
        return;
      }
      if (cds.updateAccepted) {
        reloading = true;
        location.reload();
        return;
      }
      // Another tab accepted a new release: this one keeps running the old one until reloaded.
      cds.updateWaiting = true;
      banner('Có phiên bản mới — tải lại', 'A new version is available — reload', 'Tải lại / Reload', function () {
        flush();
        reloading = true;
        setTimeout(function () { location.reload(); }, 300);
      });
    });
    navigator.serviceWorker.register('sw.js').then(function (reg) {
      cds.offline = 'ready';
      cds.swRegistration = reg;
      function offer(worker) {
        cds.updateWaiting = true;
        banner('Có phiên bản mới — tải lại', 'A new version is available — reload', 'Tải lại / Reload', function () {
          cds.updateAccepted = true;
          flush();
          setTimeout(function () { worker.postMessage('skip-waiting'); }, 300);
        });
      }
      if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
      reg.addEventListener('updatefound', function () {
        var w = reg.installing;
        if (!w) return;
        w.addEventListener('statechange', function () {
          if (w.state === 'installed' && navigator.serviceWorker.controller) offer(w);
        });
      });
    }).catch(function () { cds.offline = 'failed'; });
  }
})();
