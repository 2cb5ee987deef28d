// shell/sw.js — the cds service worker (a template: tools/make-sw fills in the release id and the
// file list with SHA-256 digests). Precaches every file of one release under its own cache, serves
// from that cache only (so two releases never mix), waits for the page to accept an update (the
// "Có phiên bản mới" banner), then removes older caches. Never fetches anything but the page's
// own files.
'use strict';
var RELEASE = '__RELEASE__';
var FILES = __FILES__;
var CACHE = 'cds-' + RELEASE;

function hex(buf) {
  var b = new Uint8Array(buf), s = '';
  for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

// Fetches every file of the release, checks its SHA-256 against the list, and only then stores
// them: a half-uploaded release (some files new, some old) fails to install and is retried later.
self.addEventListener('install', function (e) {
  e.waitUntil(Promise.all(FILES.map(function (f) {
    // 'no-cache': always asks the server, which answers 304 for what the page has just loaded.
    return fetch(new Request(f[0], {cache: 'no-cache'})).then(function (r) {
      if (!r.ok) throw new Error(f[0] + ': HTTP ' + r.status);
      return r.clone().arrayBuffer().then(function (b) { return crypto.subtle.digest('SHA-256', b); }).then(function (d) {
        if (hex(d) !== f[1]) throw new Error(f[0] + ': not the bytes of release ' + RELEASE);
        return [f[0], r];
      });
    });
  })).then(function (got) {
    return caches.open(CACHE).then(function (c) {
      return Promise.all(got.map(function (g) { return c.put(g[0], g[1]); }));
    });
  }).catch(function (err) {
    return caches.delete(CACHE).then(function () { throw err; });
  }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('cds-') === 0 && k !== CACHE; })
                           .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;  // nothing else is ever fetched
  e.respondWith(caches.open(CACHE).then(function (c) {
    return c.match(req, {ignoreSearch: true}).then(function (hit) {
      if (hit) return hit;
      if (req.mode === 'navigate') return c.match('index.html');
      return fetch(req);
    });
  }));
});

self.addEventListener('message', function (e) {
  if (e.data === 'skip-waiting') self.skipWaiting();
  if (e.data === 'release' && e.source) e.source.postMessage({release: RELEASE});
});
