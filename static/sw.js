// Debrief's service worker: the app shell offline, Background Sync for the outbox, and the share target.
// Served by webapp/views/pwa.py at /sw.js (scope /), which fills in VERSION (a hash of everything precached)
// and PRECACHE, so any change to the shell installs a new worker that replaces the old one and its cache.
// Static URLs carry ?v=<content hash> (the "/static/..." strings below get theirs from pwa.py too): the
// worker answers only the exact versions it precached, so a page from a newer deploy gets its own files.
/* global DebriefOutbox, DebriefSync */
importScripts("/static/js/outbox.js", "/static/js/sync.js");

var VERSION = "__DEBRIEF_SW_VERSION__";
var PRECACHE = JSON.parse('__DEBRIEF_PRECACHE__');
var CACHE_PREFIX = "debrief-shell-";
var CACHE = CACHE_PREFIX + VERSION;
var SHELL_URL = "/shell";
var PAGE_TIMEOUT_MS = 3000;
var SYNC_TAG = "debrief-outbox";
// Pages kept for offline, as each was last seen: the memo list. Only ever shown to the user it was made for
// (the server names them in OWNER_HEADER), and all forgotten once a page arrives for nobody (logged out).
var SAVED_PAGES = "debrief-pages";
var SAVED_PATHS = ["/memos"];
var OWNER_HEADER = "X-Debrief-User";

self.addEventListener("install", function (event) {
  event.waitUntil(precache().then(function () { return self.skipWaiting(); }));
});

// Fetched without cookies and past the HTTP cache: the shell is anonymous (no user data, no CSRF token)
// and always the version this worker was built for.
function precache() {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(PRECACHE.map(function (url) {
      return fetch(new Request(url, { cache: "reload", credentials: "omit" })).then(function (response) {
        if (!response.ok) throw new Error("Precache failed for " + url + ": " + response.status);
        return cache.put(url, response);
      });
    }));
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(Promise.all([dropOldCaches(), enableNavigationPreload()]).then(function () {
    return self.clients.claim();
  }));
});

// A new version's pages refer to new static URLs: kept pages from before would load without their files.
function dropOldCaches() {
  return caches.delete(SAVED_PAGES).then(function () { return caches.keys(); }).then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(CACHE_PREFIX) === 0 && key !== CACHE;
    }).map(function (key) { return caches.delete(key); }));
  });
}

function enableNavigationPreload() {
  if (!self.registration.navigationPreload) return Promise.resolve();
  return self.registration.navigationPreload.enable().catch(function () { /* not supported here */ });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/share-target") {
    event.respondWith(receiveShare(request));
    return;
  }
  // Everything below is left to the network and never cached: writes, htmx partials, the API, audio.
  if (request.method !== "GET") return;
  if (request.headers.get("HX-Request")) return;
  if (url.pathname.indexOf("/api/") === 0 || /\/audio(\/|$)/.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
    return;
  }
  var key = url.pathname + url.search;
  if (PRECACHE.indexOf(key) >= 0) event.respondWith(fromCache(request, key));
});

// Pages: the network first (fresh data, the right user); after ~3 s or on failure, the cached shell.
function page(event) {
  var network = Promise.resolve(event.preloadResponse).then(function (preloaded) {
    return preloaded || fetch(event.request);
  });
  event.waitUntil(network.catch(function () { /* answered from the shell */ }));
  var url = new URL(event.request.url);
  var path = url.pathname;
  // Copied at once, before the browser starts reading the body it is given.
  event.waitUntil(network.then(function (response) { return keepPage(url, response); }).catch(function (err) {
    console.warn("Debrief could not keep this page for offline:", err);
  }));
  return withTimeout(network, PAGE_TIMEOUT_MS).then(function (response) {
    // A reverse proxy answering for a stopped app is as good as offline.
    if (response.status >= 502 && response.status <= 504) return offlinePage(path).then(function (s) { return s || response; });
    return response;
  }, function () {
    return offlinePage(path).then(function (s) { return s || Response.error(); });
  });
}

// One copy per user and path; another user's copies go as soon as a page arrives for someone else, or for nobody.
function keepPage(url, response) {
  var path = url.pathname;
  var owner = response.headers.get(OWNER_HEADER);
  if (!owner) return null;  // not one of our pages (a download, a proxy's error)
  var keep = owner !== "none" && response.ok && !url.search && SAVED_PATHS.indexOf(path) >= 0;
  return savePage(path, owner, keep ? response.clone() : null);
}

async function savePage(path, owner, copy) {
  if (!copy && !(await caches.has(SAVED_PAGES))) return;  // nothing kept, nothing to forget
  var cache = await caches.open(SAVED_PAGES);
  var keys = await cache.keys();
  await Promise.all(keys.filter(function (key) { return savedOwner(key) !== owner; }).map(function (key) {
    return cache.delete(key);
  }));
  if (copy) await cache.put(savedKey(path, owner), copy);
}

function savedKey(path, owner) { return path + "?saved-for=" + encodeURIComponent(owner); }
function savedOwner(request) { return new URL(request.url).searchParams.get("saved-for"); }

// Offline: the page as this user last saw it here, else the shell (which says the page needs a connection).
async function offlinePage(path) {
  var user = await DebriefOutbox.getMeta("user").catch(function () { return null; });
  if (user != null && SAVED_PATHS.indexOf(path) >= 0) {
    var cache = await caches.open(SAVED_PAGES);
    var hit = await cache.match(savedKey(path, String(user)));
    if (hit) return hit;
  }
  return shell();
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
      function (err) { clearTimeout(timer); reject(err); });
  });
}

function shell() {
  return caches.open(CACHE).then(function (cache) { return cache.match(SHELL_URL, { ignoreVary: true }); });
}

function fromCache(request, path) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(path, { ignoreVary: true }).then(function (hit) { return hit || fetch(request); });
  });
}

// Background Sync: upload the outbox even after the page was closed. Throwing asks the browser to retry later.
self.addEventListener("sync", function (event) {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(DebriefSync.run({ force: true }).then(function (report) {
    if (report.retry && !report.busy) throw new Error("Some memos are still waiting; retry later.");
  }));
});

// Android share target: an audio file shared from another app goes into the outbox, then syncs.
// Handled here so it works offline; /share-target on the server is the fallback when no worker answers.
function receiveShare(request) {
  return request.formData().then(async function (form) {
    var files = form.getAll("audio").filter(function (f) { return f && typeof f !== "string" && f.size; });
    var owner = await DebriefOutbox.getMeta("user");  // null: whoever logs in next on this device
    for (var i = 0; i < files.length; i++) await storeShared(files[i], owner, form.get("title"));
    if (self.registration.sync) await self.registration.sync.register(SYNC_TAG).catch(function () {});
    return Response.redirect("/memos?shared=" + files.length, 303);
  }).catch(function () {
    return Response.redirect("/memos?shared=failed", 303);
  });
}

async function storeShared(file, owner, title) {
  var uuid = DebriefOutbox.newUUID();
  var stem = (file.name || "").replace(/\.[^.]*$/, "");
  await DebriefOutbox.createMemo({
    uuid: uuid,
    user_id: owner,
    recorded_at: DebriefOutbox.isoWithOffset(new Date(file.lastModified || Date.now())),
    mime: file.type || "audio/mp4",
    title: (String(title || "").trim() || stem).slice(0, 200) || null,
    state: "importing",
    source: "share",
  });
  var size = 1024 * 1024;
  for (var offset = 0, seq = 0; offset < file.size; offset += size, seq++) {
    await DebriefOutbox.addChunk(uuid, seq, await file.slice(offset, offset + size).arrayBuffer(), null);
  }
  await DebriefOutbox.updateMemo(uuid, { state: "waiting" });
}
