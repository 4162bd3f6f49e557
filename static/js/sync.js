// The sync loop: send waiting memos to POST /api/memos with this device's upload token.
// Runs in pages and in the service worker (Background Sync); a Web Lock keeps it to one at a time.
//
// Rules: a memo is uploaded only with its owner's device token (never another account's, never a session);
// it leaves the outbox only after 201/200 (or 410: deleted on the server); 400/409/413/415 need the user;
// 401 means the token is gone: get a new one if the owner is logged in here, else wait for them;
// 429/5xx/network errors retry with exponential backoff, honouring Retry-After.
(function (root) {
  "use strict";

  var store = root.DebriefOutbox;
  var BASE_DELAY = 2000;
  var MAX_DELAY = 10 * 60 * 1000;
  var NEEDS_USER = { 400: true, 409: true, 413: true, 415: true };
  var runningHere = false;

  function now() { return Date.now(); }

  // One sync at a time across tabs and the service worker; a second caller just reports "busy".
  function run(options) {
    options = options || {};
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request("debrief-sync", { ifAvailable: true }, function (lock) {
        return lock ? runLocked(options) : { busy: true, retry: true, uploaded: [] };
      });
    }
    if (runningHere) return Promise.resolve({ busy: true, retry: true, uploaded: [] });
    runningHere = true;
    return runLocked(options).finally(function () { runningHere = false; });
  }

  async function runLocked(options) {
    var ctx = {
      currentUser: options.currentUser == null ? null : options.currentUser,
      csrf: options.csrf || null,
      force: !!options.force,
      config: null,
      renewed: {},
    };
    var report = { uploaded: [], retry: false };
    var memos = (await store.listMemos()).filter(function (m) { return m.state === "waiting"; });
    for (var i = 0; i < memos.length; i++) {
      var outcome = await syncOne(memos[i], ctx);
      if (outcome.uploaded) report.uploaded.push(outcome.uploaded);
      if (outcome.retry) report.retry = true;
      if (outcome.stop) break;  // the network or the server is down: the rest would fail the same way
    }
    report.next_try = await nextTry();
    return report;
  }

  async function syncOne(memo, ctx) {
    var t = now();
    if (memo.not_before > t || (!ctx.force && memo.next_try > t)) return { retry: true };
    var token = memo.user_id == null ? null : await tokenFor(memo.user_id, ctx);
    if (!token) return blocked(memo, ctx);
    try {
      return await attempt(memo, token, ctx);
    } catch (err) {
      return backoff(memo, null, "No connection to the server.");  // fetch rejected or timed out
    }
  }

  async function attempt(memo, token, ctx) {
    var config = await getConfig(token, ctx);
    if (config.response.status === 401 || config.response.status === 403) return unauthorized(memo, ctx);
    if (!config.response.ok) return backoff(memo, config.response, "The server is not answering.");
    if (memo.upload_started) {
      // An earlier upload was cut off: it may have arrived, and must not be sent twice.
      var check = await api("/api/memos?client_uuid=" + encodeURIComponent(memo.uuid), token);
      if (check.response.status === 401) return unauthorized(memo, ctx);
      if (check.response.status === 410) return gone(memo);
      if (check.response.ok && check.body.memos && check.body.memos.length) return arrived(memo, check.body.memos[0]);
      if (!check.response.ok) return backoff(memo, check.response, check.body.error);
    }
    var blob = await store.memoBlob(memo.uuid, memo.mime);
    if (!blob.size) {
      await store.deleteMemo(memo.uuid);  // nothing was captured: there is nothing to lose
      return {};
    }
    var limit = config.body.max_upload_bytes;
    if (limit && blob.size > limit) {
      return attention(memo, "This recording is " + size(blob.size) + "; the server accepts at most " + size(limit) +
        ". Save the audio to this device, then upload it in parts or ask the admin to raise DEBRIEF_MAX_UPLOAD_MB.");
    }
    await store.updateMemo(memo.uuid, { upload_started: true, blocked: null });
    var sent = await api("/api/memos", token, { method: "POST", body: uploadForm(memo, blob) }, timeoutFor(blob.size));
    return handleUpload(memo, sent, ctx);
  }

  function handleUpload(memo, sent, ctx) {
    var status = sent.response.status;
    if (status === 201 || status === 200) return arrived(memo, sent.body);
    if (status === 401 || status === 403) return unauthorized(memo, ctx);
    if (status === 410) return gone(memo);
    if (NEEDS_USER[status]) return attention(memo, sent.body.error || ("The server refused this memo (" + status + ")."));
    return backoff(memo, sent.response, sent.body.error || ("The server answered " + status + "."));
  }

  function uploadForm(memo, blob) {
    var form = new FormData();
    form.append("audio", blob, "memo." + store.fileExtension(memo.mime));
    form.append("client_uuid", memo.uuid);
    form.append("recorded_at", memo.recorded_at);
    var title = titleWithGaps(memo);
    if (title) form.append("title", title);
    if (memo.contact) form.append("contact", memo.contact);
    if (memo.company) form.append("company", memo.company);
    return form;
  }

  // The server has no field for "the microphone cut out", so the title carries it where people will see it.
  function titleWithGaps(memo) {
    var title = (memo.title || "").trim();
    if (!memo.gaps || !memo.gaps.length) return title;
    var note = "mic cut out at " + memo.gaps.map(function (g) { return clock(g.at); }).join(", ");
    return (title ? title + " (" + note + ")" : "Memo (" + note + ")").slice(0, 200);
  }

  async function getConfig(token, ctx) {
    if (!ctx.config || !ctx.config.response.ok) ctx.config = await api("/api/config", token);
    return ctx.config;
  }

  // fetch with the device token only: credentials "omit", so no session cookie ever rides along.
  async function api(url, token, init, timeoutMs) {
    var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, timeoutMs || 20000) : null;
    try {
      var response = await fetch(url, Object.assign({
        credentials: "omit",
        cache: "no-store",
        headers: { Authorization: "Bearer " + token.token, Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      }, init || {}));
      var body = await response.json().catch(function () { return {}; });
      return { response: response, body: body || {} };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  // A slow phone connection still gets to finish: a minute plus ~16 kB/s.
  function timeoutFor(bytes) { return 60000 + Math.ceil(bytes / 16); }

  async function tokenFor(userId, ctx) {
    var token = await store.getToken(userId);
    if (token) return token;
    if (ctx.currentUser !== userId || !ctx.csrf) return null;
    return requestDeviceToken(ctx.csrf, userId);
  }

  // POST /api/device-token with the session (the one call that uses it); kept in IndexedDB per account.
  async function requestDeviceToken(csrf, expectedUser) {
    var fetchIt = async function () {
      var existing = await store.getToken(expectedUser);
      if (existing) return existing;  // another tab got one while we waited for the lock
      var response = await fetch("/api/device-token", {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
      if (response.status !== 201) return null;
      var body = await response.json();
      var record = { user_id: body.user_id, token: body.token, username: body.username, id: body.id };
      await store.putToken(record);
      store.announce();
      // The session may belong to someone else than the page thought (a login in another tab).
      return record.user_id === expectedUser ? record : null;
    };
    if (root.navigator && root.navigator.locks) return root.navigator.locks.request("debrief-token", fetchIt);
    return fetchIt();
  }

  async function unauthorized(memo, ctx) {
    await store.deleteToken(memo.user_id);  // revoked or unknown: useless from now on
    if (ctx.currentUser === memo.user_id && ctx.csrf && !ctx.renewed[memo.user_id]) {
      ctx.renewed[memo.user_id] = true;
      ctx.config = null;
      var fresh = await store.getMemo(memo.uuid);
      return fresh ? syncOne(fresh, ctx) : {};
    }
    return blocked(memo, ctx);
  }

  // No usable token: the memo waits for its owner to log in on this device. It is never sent as anyone else.
  async function blocked(memo, ctx) {
    var reason = ctx.currentUser != null && ctx.currentUser !== memo.user_id ? "owner" : "login";
    if (ctx.currentUser == null && memo.blocked) reason = memo.blocked;
    if (memo.blocked !== reason) await store.updateMemo(memo.uuid, { blocked: reason });
    return { blocked: true };
  }

  async function backoff(memo, response, message) {
    var fresh = await store.getMemo(memo.uuid);
    if (!fresh) return {};
    var attempts = (fresh.attempts || 0) + 1;
    var delay = Math.min(BASE_DELAY * Math.pow(2, attempts - 1), MAX_DELAY) * (0.8 + Math.random() * 0.4);
    var retryAfter = response ? parseRetryAfter(response.headers.get("Retry-After")) : 0;
    var t = now();
    await store.updateMemo(memo.uuid, {
      attempts: attempts,
      next_try: t + Math.max(delay, retryAfter),
      not_before: retryAfter ? t + retryAfter : 0,
      error: message || null,
      blocked: null,
    });
    return { retry: true, stop: true };
  }

  // Retry-After is either seconds or an HTTP date; milliseconds from now, 0 when absent.
  function parseRetryAfter(value) {
    if (!value) return 0;
    var seconds = Number(value);
    if (!isNaN(seconds)) return Math.max(0, seconds * 1000);
    var date = Date.parse(value);
    return isNaN(date) ? 0 : Math.max(0, date - now());
  }

  async function attention(memo, message) {
    await store.updateMemo(memo.uuid, { state: "attention", error: message, blocked: null });
    return {};
  }

  async function arrived(memo, serverMemo) {
    var done = { uuid: memo.uuid, id: serverMemo && serverMemo.id };
    await store.deleteMemo(memo.uuid, { type: "uploaded", uuid: done.uuid, id: done.id });
    return { uploaded: done };
  }

  async function gone(memo) {
    await store.deleteMemo(memo.uuid, { type: "gone", uuid: memo.uuid });
    return {};
  }

  async function nextTry() {
    var waiting = (await store.listMemos()).filter(function (m) { return m.state === "waiting" && !m.blocked; });
    if (!waiting.length) return null;
    return Math.min.apply(null, waiting.map(function (m) { return Math.max(m.next_try || 0, m.not_before || 0); }));
  }

  // "840 kB", "12.5 MB": sizes as people read them.
  function size(bytes) {
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " kB";
    return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "") + " MB";
  }

  // "Tue 1 Dec 2026, 00:59": the server's pieces and order (webapp/formats.py), named in the
  // browser's language and shown in its time zone.
  var WHEN_PARTS = { weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  function when(date) {
    var parts = {};
    new Intl.DateTimeFormat(undefined, WHEN_PARTS).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return parts.weekday + " " + parts.day + " " + parts.month + " " + parts.year + ", " + parts.hour + ":" + parts.minute;
  }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  root.DebriefSync = {
    run: run,
    requestDeviceToken: requestDeviceToken,
    parseRetryAfter: parseRetryAfter,
    clock: clock,
    size: size,
    when: when,
  };
})(self);
