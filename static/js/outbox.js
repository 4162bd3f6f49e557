// The outbox: memos recorded on this device, kept in IndexedDB until the server has them.
// Loaded by pages and by the service worker (importScripts), so no DOM here.
//
// Stores
//   memos  {uuid, user_id, recorded_at, mime, title, state, created, updated, size, duration_ms, chunk_count,
//           gaps, error, blocked, attempts, next_try, not_before, upload_started, recovered, source}
//          state: "recording" → "review" → "waiting" ⇄ "attention"; deleted only once the server has it
//          (201/200), the server says it was deleted (410), or the user discards it.
//   chunks {id, memo, seq, data: ArrayBuffer} — one record per MediaRecorder chunk, written as it arrives,
//          so a crash loses at most the last second and stopping never makes a second full copy.
//   tokens {user_id, token, username, id} — this device's upload-only token per account.
//   meta   {key, value} — e.g. the last user seen logged in here, for recording from the offline shell.
(function (root) {
  "use strict";

  var DB_NAME = "debrief";
  var DB_VERSION = 1;
  var CHANNEL = "debrief-outbox";
  var dbPromise = null;
  var listeners = [];

  function upgrade(db) {
    var memos = db.createObjectStore("memos", { keyPath: "uuid" });
    memos.createIndex("state", "state");
    var chunks = db.createObjectStore("chunks", { keyPath: "id", autoIncrement: true });
    chunks.createIndex("memo", "memo");
    db.createObjectStore("tokens", { keyPath: "user_id" });
    db.createObjectStore("meta", { keyPath: "key" });
  }

  function open() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () { upgrade(request.result); };
      request.onsuccess = function () {
        var db = request.result;
        // Another tab (or a new service worker) upgrading the schema: let it, and reopen next time.
        db.onversionchange = function () { db.close(); dbPromise = null; };
        resolve(db);
      };
      request.onerror = function () { dbPromise = null; reject(request.error); };
      request.onblocked = function () { /* an old tab holds the database open; it closes on versionchange */ };
    });
    return dbPromise;
  }

  // Run `work(stores)` in one transaction; resolves with work's result once the transaction has committed,
  // so callers never report "saved" for data that is not on disk yet.
  function transact(names, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(names, mode);
        var stores = {};
        names.forEach(function (name) { stores[name] = tx.objectStore(name); });
        var result;
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error || new Error("IndexedDB transaction aborted")); };
        Promise.resolve(work(stores, function (value) { result = value; })).catch(function (err) {
          try { tx.abort(); } catch (e) { /* already finished */ }
          reject(err);
        });
      });
    });
  }

  function req(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // Tell every page and the service worker that the outbox changed (banners, lists, the record page).
  // A BroadcastChannel reaches listeners in this context too (just not the sending object itself).
  function announce(message) {
    message = message || { type: "changed" };
    if (typeof BroadcastChannel === "undefined") {
      if (root.dispatchEvent) root.dispatchEvent(new CustomEvent("debrief:outbox", { detail: message }));
      return;
    }
    try {
      var channel = new BroadcastChannel(CHANNEL);
      channel.postMessage(message);
      channel.close();
    } catch (e) { /* the page is closing */ }
  }

  // Call `listener(message)` on every outbox change, from any tab or the service worker.
  function subscribe(listener) {
    if (typeof BroadcastChannel === "undefined") {
      root.addEventListener("debrief:outbox", function (event) { listener(event.detail); });
      return;
    }
    var channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = function (event) { listener(event.data); };
    listeners.push(channel);  // keep a reference: a collected channel stops delivering
  }

  function createMemo(memo) {
    var now = Date.now();
    var record = Object.assign({
      title: null, state: "recording", created: now, updated: now, size: 0, duration_ms: 0, chunk_count: 0,
      gaps: [], error: null, blocked: null, attempts: 0, next_try: 0, not_before: 0, upload_started: false,
    }, memo);
    return transact(["memos"], "readwrite", function (s) { s.memos.add(record); })
      .then(function () { announce(); return record; });
  }

  // One chunk and the memo's running totals, in the same transaction: both or neither.
  function addChunk(uuid, seq, data, durationMs) {
    return transact(["memos", "chunks"], "readwrite", function (s) {
      return req(s.memos.get(uuid)).then(function (memo) {
        if (!memo) throw new Error("This recording is no longer in the outbox.");
        s.chunks.add({ memo: uuid, seq: seq, data: data });
        memo.size += data.byteLength;
        memo.chunk_count += 1;
        if (durationMs != null) memo.duration_ms = Math.max(memo.duration_ms, durationMs);
        memo.updated = Date.now();
        s.memos.put(memo);
      });
    });
  }

  function getMemo(uuid) {
    return transact(["memos"], "readonly", function (s, done) { return req(s.memos.get(uuid)).then(done); });
  }

  function listMemos() {
    return transact(["memos"], "readonly", function (s, done) {
      return req(s.memos.getAll()).then(function (all) {
        done(all.sort(function (a, b) { return a.created - b.created; }));
      });
    });
  }

  // Read-modify-write in one transaction; `patch` is an object or a function of the memo.
  function updateMemo(uuid, patch) {
    return transact(["memos"], "readwrite", function (s, done) {
      return req(s.memos.get(uuid)).then(function (memo) {
        if (!memo) return done(null);
        var changes = typeof patch === "function" ? patch(memo) : patch;
        Object.assign(memo, changes, { updated: Date.now() });
        s.memos.put(memo);
        done(memo);
      });
    }).then(function (memo) { announce(); return memo; });
  }

  function deleteMemo(uuid, message) {
    return transact(["memos", "chunks"], "readwrite", function (s) {
      s.memos.delete(uuid);
      return req(s.chunks.index("memo").getAllKeys(IDBKeyRange.only(uuid))).then(function (keys) {
        keys.forEach(function (key) { s.chunks.delete(key); });
      });
    }).then(function () { announce(message); });
  }

  // The recording as one Blob, made only when it is needed (preview, upload, download).
  function memoBlob(uuid, mime) {
    return transact(["chunks"], "readonly", function (s, done) {
      return req(s.chunks.index("memo").getAll(IDBKeyRange.only(uuid))).then(function (chunks) {
        chunks.sort(function (a, b) { return a.seq - b.seq; });
        done(new Blob(chunks.map(function (c) { return c.data; }), { type: mime || "" }));
      });
    });
  }

  function getToken(userId) {
    if (userId == null) return Promise.resolve(null);
    return transact(["tokens"], "readonly", function (s, done) { return req(s.tokens.get(userId)).then(done); });
  }

  function putToken(record) {
    return transact(["tokens"], "readwrite", function (s) { s.tokens.put(record); });
  }

  function deleteToken(userId) {
    return transact(["tokens"], "readwrite", function (s) { s.tokens.delete(userId); });
  }

  function getMeta(key) {
    return transact(["meta"], "readonly", function (s, done) {
      return req(s.meta.get(key)).then(function (row) { done(row ? row.value : null); });
    });
  }

  function setMeta(key, value) {
    return transact(["meta"], "readwrite", function (s) { s.meta.put({ key: key, value: value }); });
  }

  // "2026-03-02T14:05:07+01:00": the phone's wall clock and its UTC offset, so the server knows both.
  function isoWithOffset(date) {
    var off = -date.getTimezoneOffset();
    function pad(n) { return String(Math.floor(Math.abs(n))).padStart(2, "0"); }
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      (off >= 0 ? "+" : "-") + pad(off / 60) + ":" + pad(off % 60);
  }

  // crypto.randomUUID where it exists (Safari 15.4+); the same version-4 UUID from getRandomValues elsewhere.
  function newUUID() {
    if (root.crypto.randomUUID) return root.crypto.randomUUID();
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function fileExtension(mime) {
    if (/mp4|m4a|aac/.test(mime || "")) return "m4a";
    if (/ogg/.test(mime || "")) return "ogg";
    if (/mpeg|mp3/.test(mime || "")) return "mp3";
    if (/wav/.test(mime || "")) return "wav";
    if (/flac/.test(mime || "")) return "flac";
    return "webm";
  }

  root.DebriefOutbox = {
    CHANNEL: CHANNEL,
    open: open,
    createMemo: createMemo,
    addChunk: addChunk,
    getMemo: getMemo,
    listMemos: listMemos,
    updateMemo: updateMemo,
    deleteMemo: deleteMemo,
    memoBlob: memoBlob,
    getToken: getToken,
    putToken: putToken,
    deleteToken: deleteToken,
    getMeta: getMeta,
    setMeta: setMeta,
    announce: announce,
    subscribe: subscribe,
    isoWithOffset: isoWithOffset,
    fileExtension: fileExtension,
    newUUID: newUUID,
  };
})(self);
