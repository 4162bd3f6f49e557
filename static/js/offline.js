// Every page: registers the service worker, keeps this device's upload token, runs the sync loop,
// shows what is waiting (the banner and the memo list), recovers recordings that were cut short,
// and on iPhone explains how to install.
(function () {
  "use strict";

  var store = self.DebriefOutbox;
  var sync = self.DebriefSync;
  var SYNC_TAG = "debrief-outbox";
  var SAVED_PAGES = "debrief-pages";  // the service worker's copies of pages for offline (the memo list), per user
  var timer = null;
  var renderQueued = false;
  var seen = {};       // uuid → the local memo as last shown, so its row can still be named once it is gone
  var uploaded = [];   // memos uploaded while this page was open: they stay listed as "Uploaded · Open"

  function metaContent(name) {
    var meta = document.querySelector('meta[name="' + name + '"]');
    return meta ? meta.content : null;
  }

  // Who is logged in, from the page; null on the login page and in the offline shell.
  function pageUser() {
    var id = metaContent("debrief-user");
    return id ? Number(id) : null;
  }

  // Whose memo a new recording is: the page's user, else the last one seen logged in on this device.
  function knownUser() {
    var user = pageUser();
    return user != null ? Promise.resolve(user) : store.getMeta("user");
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function (err) {
      console.warn("Debrief works without offline support here:", err);
    });
  }

  // At login (the first page seen with a user), get this device its upload-only token.
  async function rememberUser() {
    var user = pageUser();
    if (user == null) return;
    await store.setMeta("user", user);
    await claimUnowned(user);
    var token = await store.getToken(user);
    if (!token) token = await sync.requestDeviceToken(metaContent("csrf-token"), user);
    if (token) await store.setMeta("name:" + user, token.username);
  }

  // Files shared to Debrief before anyone was logged in belong to whoever logs in next.
  async function claimUnowned(user) {
    var memos = await store.listMemos();
    for (var i = 0; i < memos.length; i++) {
      if (memos[i].user_id == null) await store.updateMemo(memos[i].uuid, { user_id: user, blocked: null });
    }
  }

  // A recording whose page died (tab closed, crash, phone restarted) goes straight into the outbox:
  // what was captured is uploaded rather than left for the user to find. A live recorder holds a Web Lock
  // on its memo, so a recording still going on in another tab is left alone.
  async function recoverInterrupted() {
    var memos = await store.listMemos();
    for (var i = 0; i < memos.length; i++) {
      var memo = memos[i];
      if (memo.state === "recording" || memo.state === "review") await recoverIfAbandoned(memo);
      if (memo.state === "importing" && Date.now() - memo.updated > 60000) {
        await store.updateMemo(memo.uuid, {
          state: "attention", error: "This shared file was not saved completely: share it again, or save what arrived.",
        });
      }
    }
  }

  function recoverIfAbandoned(memo) {
    if (navigator.locks) {
      return navigator.locks.request("debrief-rec-" + memo.uuid, { ifAvailable: true }, function (lock) {
        return lock ? recover(memo) : null;
      });
    }
    return Date.now() - memo.updated > 30000 ? recover(memo) : Promise.resolve();
  }

  function recover(memo) {
    if (!memo.chunk_count) return store.deleteMemo(memo.uuid);  // nothing was captured
    return store.updateMemo(memo.uuid, { state: "waiting", recovered: true });
  }

  // The loop. Every trigger but the backoff timer is the user (or the network) saying "now".
  function runSync(force) {
    if (!navigator.onLine) {
      registerBackgroundSync();
      queueRender();
      return Promise.resolve({ offline: true, uploaded: [] });
    }
    return sync.run({ force: force, currentUser: pageUser(), csrf: metaContent("csrf-token") })
      .then(function (report) {
        schedule(report);
        if (report.retry) registerBackgroundSync();
        return report;
      })
      .catch(function (err) {
        console.error("Debrief sync failed:", err);
        return { uploaded: [] };
      })
      .finally(queueRender);
  }

  function schedule(report) {
    clearTimeout(timer);
    timer = null;
    if (report.busy) {
      timer = setTimeout(function () { runSync(false); }, 3000);  // another tab or the worker is on it
    } else if (report.next_try != null) {
      timer = setTimeout(function () { runSync(false); }, Math.max(500, report.next_try - Date.now()));
    }
  }

  // Where supported, the service worker uploads when the connection returns even if no page is open.
  function registerBackgroundSync() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(SYNC_TAG);
      return null;
    }).catch(function () { /* not allowed here: the page loop does the work */ });
  }

  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(function () { renderQueued = false; render(); }, 30);
  }

  async function render() {
    var memos;
    try { memos = await store.listMemos(); } catch (err) { return; }
    var pending = memos.filter(function (m) { return m.state === "waiting" || m.state === "attention"; });
    var names = {};
    for (var i = 0; i < pending.length; i++) {
      var id = pending[i].user_id;
      if (id != null && !(id in names)) names[id] = await store.getMeta("name:" + id);
    }
    pending.forEach(function (m) { seen[m.uuid] = m; });
    renderBanner(pending, names);
    renderList(pending, names);
  }

  function onOutboxMessage(message) {
    if (message && message.type === "uploaded" && message.id) {
      uploaded = uploaded.filter(function (u) { return u.uuid !== message.uuid; });
      uploaded.push({ uuid: message.uuid, id: message.id, memo: seen[message.uuid] || {} });
    }
    queueRender();
  }

  // Offline, say so and what still works: the shell standing in for a page it cannot show, or a page as last seen.
  function renderOffline() {
    var note = document.getElementById("offline-banner");
    if (!note) return;
    note.hidden = navigator.onLine;
    if (navigator.onLine) return;
    var why = "This page is as this phone last saw it.";
    if (metaContent("debrief-shell") != null) why = "This page can't be opened without a connection.";
    if (location.pathname === "/") why = "";
    note.replaceChildren(el("strong", { text: "You're offline." }), document.createTextNode(
      (why ? " " + why : "") + " You can still record: memos wait on this phone and upload when you're back online."));
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function renderBanner(pending, names) {
    var banner = document.getElementById("outbox-banner");
    if (!banner) return;
    banner.hidden = pending.length === 0;
    if (!pending.length) { banner.replaceChildren(); return; }
    var parts = [el("strong", { text: plural(pending.length, "memo", "memos") + " waiting to upload." })];
    var notes = bannerNotes(pending, names);
    if (notes) parts.push(el("span", { className: "banner-note", text: notes }));
    if (pending.some(function (m) { return m.blocked === "login"; })) {
      parts.push(el("a", { href: "/login?next=" + encodeURIComponent(location.pathname), text: "Log in again" }));
    }
    if (location.pathname !== "/memos") parts.push(el("a", { href: "/memos", text: "See them" }));
    parts.push(el("button", { type: "button", className: "small", "data-sync-now": "", text: "Sync now" }));
    banner.replaceChildren.apply(banner, parts);
  }

  function bannerNotes(pending, names) {
    var notes = [];
    var attention = pending.filter(function (m) { return m.state === "attention"; }).length;
    if (attention) notes.push(plural(attention, "needs", "need") + " attention");
    var login = pending.filter(function (m) { return m.state === "waiting" && m.blocked === "login"; });
    if (login.length) notes.push("Log in again to upload " + (login.length === 1 ? "it" : "them"));
    pending.filter(function (m) { return m.state === "waiting" && m.blocked === "owner"; }).forEach(function (m) {
      notes.push("One was recorded by " + ownerName(m, names) + " and uploads when they log in here");
    });
    if (!navigator.onLine) {
      notes.push("You're offline: " + (pending.length === 1 ? "it uploads" : "they upload") + " when you're back online");
    }
    else {
      var failing = pending.filter(function (m) { return m.state === "waiting" && m.error && !m.blocked; })[0];
      if (failing) notes.push("Retrying: " + failing.error);
    }
    // Each note is a sentence of its own: capital letter, full stop.
    return notes.map(function (note) { return /[.!?]$/.test(note) ? note : note + "."; }).join(" ");
  }

  function ownerName(memo, names) { return names[memo.user_id] || "another account"; }

  function renderList(pending, names) {
    var list = document.getElementById("local-memos");
    if (!list) return;
    var waiting = pending.map(function (m) { return m.uuid; });
    var done = uploaded.filter(function (u) { return waiting.indexOf(u.uuid) < 0; });
    list.hidden = pending.length === 0 && done.length === 0;
    var rows = pending.slice().reverse().map(function (m) { return localRow(m, names); });
    list.replaceChildren.apply(list, rows.concat(done.slice().reverse().map(uploadedRow)));
  }

  function localRow(memo, names) {
    var when = new Date(memo.recorded_at);
    var meta = [
      el("time", { datetime: memo.recorded_at, text: sync.when(when) }),
    ];
    var details = " · " + (memo.duration_ms ? sync.clock(memo.duration_ms / 1000) : "–") + " · " +
      sync.size(memo.size) + " · on this phone";
    if (memo.recovered) details += " · recovered after the page closed";
    if (memo.gaps && memo.gaps.length) {
      details += " · mic cut out at " + memo.gaps.map(function (g) { return sync.clock(g.at); }).join(", ");
    }
    meta.push(document.createTextNode(details));
    var body = el("div", { className: "local-memo" }, [
      el("span", { className: "title", text: memo.title || callWith(memo) || "Memo recorded on this phone" }),
      el("span", { className: "meta" }, meta),
      badge(memo, names),
    ]);
    var row = el("li", { className: "memo-row local", "data-uuid": memo.uuid, "data-state": memo.state }, [body]);
    if (memo.state === "attention") row.appendChild(attentionBox(memo));
    return row;
  }

  // Uploaded while this page was open: said so, with the way to the memo (the list above it is from before).
  function uploadedRow(done) {
    var memo = done.memo;
    var meta = memo.recorded_at ? [el("time", { datetime: memo.recorded_at, text: sync.when(new Date(memo.recorded_at)) })] : [];
    var body = el("div", { className: "local-memo" }, [
      el("span", { className: "title", text: memo.title || callWith(memo) || "Memo recorded on this phone" }),
      el("span", { className: "meta" }, meta),
      el("span", { className: "badge status-ready" }, [
        document.createTextNode("Uploaded · "), el("a", { href: "/memos/" + done.id, text: "Open" })]),
    ]);
    return el("li", { className: "memo-row local uploaded", "data-uuid": done.uuid, "data-state": "uploaded" }, [body]);
  }

  function callWith(memo) {
    var who = [memo.contact, memo.company].filter(Boolean).join(", ");
    return who ? "Call with " + who : "";
  }

  function badge(memo, names) {
    if (memo.state === "attention") return el("span", { className: "badge status-failed", text: "Needs attention" });
    var text = "Waiting to upload";
    if (memo.blocked === "owner") text = "Waiting for " + ownerName(memo, names);
    if (memo.blocked === "login") text = "Log in to upload";
    return el("span", { className: "badge status-waiting", text: text });
  }

  function attentionBox(memo) {
    return el("div", { className: "error-box local-attention", role: "alert" }, [
      el("p", { text: memo.error || "The server refused this memo." }),
      el("div", { className: "row" }, [
        el("button", { type: "button", className: "small primary", "data-save-audio": memo.uuid,
          text: "Save audio to this device" }),
        el("button", { type: "button", className: "small", "data-retry-local": memo.uuid, text: "Try again" }),
        el("button", { type: "button", className: "small danger", "data-delete-local": memo.uuid,
          text: "Delete from this phone" }),
      ]),
    ]);
  }

  // "Save audio to this device": the recording as a file, so a memo the server refuses is never lost.
  async function saveAudio(uuid) {
    var memo = await store.getMemo(uuid);
    if (!memo) return;
    var blob = await store.memoBlob(uuid, memo.mime);
    var link = el("a", {
      href: URL.createObjectURL(blob),
      download: "debrief-" + memo.recorded_at.slice(0, 16).replace(/[:T]/g, "-") + "." + store.fileExtension(memo.mime),
      hidden: "",
    });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 60000);
  }

  async function retryLocal(uuid) {
    await store.updateMemo(uuid, { state: "waiting", error: null, attempts: 0, next_try: 0 });
    runSync(true);
  }

  async function deleteLocal(uuid) {
    var sure = window.confirm("Delete this recording from this phone? It was never uploaded: it will be gone for good.");
    if (sure) await store.deleteMemo(uuid);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-sync-now], [data-save-audio], [data-retry-local], " +
      "[data-delete-local], [data-dismiss-install]");
    if (!target) return;
    if (target.hasAttribute("data-sync-now")) runSync(true);
    else if (target.dataset.saveAudio) saveAudio(target.dataset.saveAudio);
    else if (target.dataset.retryLocal) retryLocal(target.dataset.retryLocal);
    else if (target.dataset.deleteLocal) deleteLocal(target.dataset.deleteLocal);
    else if (target.hasAttribute("data-dismiss-install")) dismissInstallHint();
  });

  // Logging out: new recordings from the offline shell no longer belong to this account.
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-logout")) return;
    store.setMeta("user", null);
    if (window.caches) caches.delete(SAVED_PAGES);  // the worker clears them too, at the next logged-out page
  });

  // iPhone and iPad: Safari has no install prompt, so say how ("Add to Home Screen").
  function isIOS() {
    return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }

  function isStandalone() {
    return navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
  }

  function showInstallHint() {
    var hint = document.getElementById("ios-install");
    if (!hint || !isIOS() || isStandalone()) return;
    try { if (localStorage.getItem("debrief-ios-hint") === "dismissed") return; } catch (e) { /* private mode */ }
    hint.hidden = false;
  }

  function dismissInstallHint() {
    var hint = document.getElementById("ios-install");
    if (hint) hint.hidden = true;
    try { localStorage.setItem("debrief-ios-hint", "dismissed"); } catch (e) { /* private mode */ }
  }

  async function start() {
    renderOffline();  // at once: it depends on the connection alone, and a page read offline should say so first
    registerWorker();
    showInstallHint();
    try {
      await rememberUser();
      await recoverInterrupted();
    } catch (err) {
      console.error("Debrief could not open its outbox:", err);
    }
    store.subscribe(onOutboxMessage);
    queueRender();
    runSync(true);
  }

  var ready = new Promise(function (resolve) {
    document.addEventListener("DOMContentLoaded", function () { start().finally(resolve); });
  });

  window.addEventListener("online", function () { runSync(true); });
  window.addEventListener("offline", renderOffline);
  window.addEventListener("online", renderOffline);
  // The outbox banner's note says whether its memos wait for a connection.
  window.addEventListener("offline", queueRender);
  window.addEventListener("online", queueRender);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") runSync(true);
  });

  window.Debrief = {
    ready: ready,
    runSync: runSync,
    render: queueRender,
    pageUser: pageUser,
    knownUser: knownUser,
    registerBackgroundSync: registerBackgroundSync,
  };
})();
