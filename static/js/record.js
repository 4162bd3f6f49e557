// The record page: MediaRecorder → one IndexedDB record per one-second chunk → the outbox → the sync loop.
// A memo is on disk from its first second; closing the tab, a crash or a dead battery loses at most a second.
(function () {
  "use strict";

  var store = self.DebriefOutbox;
  var MIN_FREE_BYTES = 30 * 1024 * 1024;  // 32 kbit/s is ~14 MB an hour: refuse below two hours' room
  var AUTO_OPEN_MS = 30000;                // open the uploaded memo only if it arrives soon after saving
  var session = null;                      // the recording in progress
  var review = null;                       // the stopped recording being listened back to
  var lastSaved = null;
  var starting = false;

  function $(id) { return document.getElementById(id); }

  function setStatus(text, link) {
    var line = $("record-status");
    line.replaceChildren(document.createTextNode(text));
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      line.append(" ", a);
    }
  }

  function clock(ms) { return self.DebriefSync.clock(ms / 1000); }

  // Safari (and every iOS browser, all WebKit) may claim WebM but records it badly: use MP4/AAC there.
  function isSafari() {
    var ua = navigator.userAgent;
    return /Safari\//.test(ua) && !/Chrome\/|Chromium\/|Edg\/|OPR\/|Android/.test(ua);
  }

  function pickMimeType() {
    var ok = function (type) { return MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(type); };
    if (isSafari()) return ok("audio/mp4") ? "audio/mp4" : "";
    if (ok("audio/webm;codecs=opus")) return "audio/webm;codecs=opus";
    if (ok("audio/mp4")) return "audio/mp4";
    return "";
  }

  function canRecord() {
    if (!window.isSecureContext) {
      return "Recording and offline use need HTTPS on this address (see “Use it from your phone” in the README).";
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      return "This browser cannot record audio. Use the upload form below instead.";
    }
    return null;
  }

  // Never make room by deleting: an unsent memo is the one thing that must not be lost.
  async function enoughStorage() {
    if (!navigator.storage || !navigator.storage.estimate) return true;
    var estimate;
    try { estimate = await navigator.storage.estimate(); } catch (err) { return true; }
    if (estimate.quota == null || estimate.usage == null) return true;
    var free = estimate.quota - estimate.usage;
    if (free >= MIN_FREE_BYTES) return true;
    setStatus("Not enough storage to record safely: only " + self.DebriefSync.size(Math.max(0, free)) +
      " left for Debrief on this device. Free some space (or let waiting memos upload) and try again.");
    return false;
  }

  // Ask once, before the first write, that the browser never evicts the outbox under storage pressure.
  async function askPersistence() {
    if (!navigator.storage || !navigator.storage.persist) return;
    try {
      if (!(await navigator.storage.persisted())) await navigator.storage.persist();
    } catch (err) { /* the browser decides; recording goes on */ }
  }

  // Held while this page owns the memo; other pages recover it into the outbox only once it is free.
  function holdLock(name) {
    if (!navigator.locks) return Promise.resolve(function () {});
    return new Promise(function (resolve) {
      navigator.locks.request(name, function () { return new Promise(function (release) { resolve(release); }); });
    });
  }

  async function start() {
    if (starting || session) return;
    starting = true;
    try {
      await begin();
    } finally {
      starting = false;
    }
  }

  async function begin() {
    var user = await window.Debrief.knownUser();
    if (user == null) {
      setStatus("Log in once while online, so Debrief knows whose memos these are.");
      return;
    }
    if (!(await enoughStorage())) return;
    await askPersistence();
    var stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      setStatus("Debrief cannot use the microphone: " + err.message);
      return;
    }
    var recorder = makeRecorder(stream);
    var uuid = store.newUUID();
    var release = await holdLock("debrief-rec-" + uuid);
    var startedAt = Date.now();
    try {
      await store.createMemo({
        uuid: uuid,
        user_id: user,
        recorded_at: store.isoWithOffset(new Date(startedAt)),
        mime: recorder.mimeType || pickMimeType() || "audio/webm",
        state: "recording",
      });
    } catch (err) {
      // Nothing can be kept on this device (storage full, private mode): do not pretend to record.
      stream.getTracks().forEach(function (t) { t.stop(); });
      release();
      setStatus("Debrief cannot save recordings on this device (" + (err.name || err) + "). Nothing was recorded.");
      return;
    }
    session = {
      uuid: uuid, recorder: recorder, stream: stream, release: release, startedAt: startedAt,
      seq: 0, pending: Promise.resolve(), gaps: [], wakeLock: null, timer: null, failed: false,
    };
    listen(session);
    recorder.start(1000);
    keepAwake(session);
    session.timer = setInterval(tick, 250);
    showRecording();
  }

  function makeRecorder(stream) {
    var mime = pickMimeType();
    var options = { audioBitsPerSecond: 32000 };
    if (mime) options.mimeType = mime;
    try {
      return new MediaRecorder(stream, options);
    } catch (err) {
      return new MediaRecorder(stream, { audioBitsPerSecond: 32000 });  // let the browser choose the format
    }
  }

  function listen(s) {
    s.recorder.ondataavailable = function (event) { saveChunk(s, event.data); };
    s.recorder.onstop = function () { stopped(s); };
    s.recorder.onerror = function (event) {
      setStatus("The recorder failed (" + ((event.error && event.error.name) || "error") + "): what was recorded is kept.");
    };
    var track = s.stream.getAudioTracks()[0];
    if (!track) return;
    track.addEventListener("mute", function () { gapStarts(s, "muted"); });
    track.addEventListener("unmute", function () { gapEnds(s); });
    track.addEventListener("ended", function () {
      gapStarts(s, "ended");
      setStatus("The microphone was taken away (a call, or another app?): recording stopped at " +
        clock(Date.now() - s.startedAt) + ". What was recorded is kept.");
      stop();
    });
  }

  // Each chunk is its own IndexedDB record, as an ArrayBuffer (Safari cannot store Blobs reliably), in order.
  function saveChunk(s, blob) {
    if (!blob || !blob.size) return;
    var seq = s.seq++;
    var duration = Date.now() - s.startedAt;
    s.pending = s.pending
      .then(function () { return s.failed ? null : blob.arrayBuffer(); })
      .then(function (data) { return data && store.addChunk(s.uuid, seq, data, duration); })
      .catch(function (err) { writeFailed(s, err); });
  }

  function writeFailed(s, err) {
    if (s.failed) return;
    s.failed = true;  // later chunks without this one would not play: stop here and keep what is saved
    var full = err && err.name === "QuotaExceededError";
    setStatus((full ? "This device's storage is full" : "Could not save the recording on this device") +
      ": recording stopped. What was saved so far is kept.");
    stop();
  }

  // A gap: the track was muted (another app took the mic, the screen locked on iOS) or ended.
  function gapStarts(s, kind) {
    s.gaps.push({ at: (Date.now() - s.startedAt) / 1000, kind: kind });
    store.updateMemo(s.uuid, { gaps: s.gaps.slice() });
    if (kind === "muted") setStatus("The microphone cut out at " + clock(Date.now() - s.startedAt) + ": the memo will show the gap.");
  }

  function gapEnds(s) {
    var gap = s.gaps[s.gaps.length - 1];
    if (!gap || gap.until != null) return;
    gap.until = (Date.now() - s.startedAt) / 1000;
    store.updateMemo(s.uuid, { gaps: s.gaps.slice() });
    setStatus("Recording again (gap from " + clock(gap.at * 1000) + " to " + clock(gap.until * 1000) + ").");
  }

  async function keepAwake(s) {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      s.wakeLock = await navigator.wakeLock.request("screen");
    } catch (err) { /* low battery or not allowed: recording goes on */ }
  }

  function tick() {
    if (session) $("timer").textContent = clock(Date.now() - session.startedAt);
  }

  function stop() {
    var s = session;
    if (!s) return;
    clearInterval(s.timer);
    if (s.recorder.state !== "inactive") s.recorder.stop();
    else stopped(s);
  }

  // After the last chunk is on disk: the memo is kept, waiting for "Save" (or recovered if the page dies).
  async function stopped(s) {
    if (s.done) return;
    s.done = true;
    await s.pending;
    s.stream.getTracks().forEach(function (t) { t.stop(); });
    if (s.wakeLock) s.wakeLock.release().catch(function () {});
    session = null;
    var patch = { state: "review", gaps: s.gaps.slice() };
    if (s.recorder.mimeType) patch.mime = s.recorder.mimeType;
    var memo = await store.updateMemo(s.uuid, patch);
    if (!memo || !memo.chunk_count) {
      await store.deleteMemo(s.uuid);
      s.release();
      showIdle();
      setStatus("Nothing was recorded.");
      return;
    }
    review = { uuid: s.uuid, release: s.release, url: null };
    await showReview(memo);
  }

  // A recorded WebM carries no length, so the player would say 0:00 until played through: seeking past the end
  // makes Chromium read the whole file and learn it; then the player goes back to the start.
  function revealLength(audio) {
    audio.addEventListener("loadedmetadata", function () {
      if (audio.duration !== Infinity) return;
      audio.addEventListener("durationchange", function rewind() {
        if (audio.duration === Infinity) return;
        audio.removeEventListener("durationchange", rewind);
        audio.currentTime = 0;
      });
      audio.currentTime = Number.MAX_SAFE_INTEGER;
    }, { once: true });
  }

  async function showReview(memo) {
    var blob = await store.memoBlob(memo.uuid, memo.mime);
    review.url = URL.createObjectURL(blob);
    $("preview").src = review.url;
    revealLength($("preview"));
    clearReviewFields();
    $("review").hidden = false;
    $("recorder").dataset.state = "review";
    $("record-button").setAttribute("aria-label", "Start recording");
    $("record-button").disabled = true;
    $("timer").textContent = clock(memo.duration_ms);
    if (!$("record-status").textContent || /^Recording/.test($("record-status").textContent)) {
      setStatus("Kept on this device. Listen back, add a title if you like, then save.");
    }
  }

  async function save() {
    var r = review;
    if (!r) return;
    review = null;
    await store.updateMemo(r.uuid, {
      state: "waiting",
      title: $("memo-title").value.trim() || null,
      // Typed names become the memo's contact and company, and the transcriber spells them right.
      contact: $("memo-contact").value.trim() || null,
      company: $("memo-company").value.trim() || null,
    });
    r.release();
    closeReview(r);
    lastSaved = { uuid: r.uuid, at: Date.now() };
    setStatus(navigator.onLine ? "Saved on this device. Uploading…" : "Saved on this device: it uploads when you're back online.");
    await window.Debrief.runSync(true);
    describe(await store.getMemo(r.uuid));
  }

  // After a sync: say where the memo stands (if it is uploaded, "uploaded" has already moved us on).
  function describe(memo) {
    if (!memo) return;
    if (memo.state === "attention") setStatus("This memo needs attention: " + memo.error, { href: "/memos", text: "See it" });
    else if (memo.blocked === "login") setStatus("Saved on this device. Log in again to upload it.", { href: "/login", text: "Log in" });
    else if (!navigator.onLine) setStatus("Saved on this device: it uploads when you're back online.");
    else if (memo.error) setStatus("Saved on this device. The upload will be retried: " + memo.error);
  }

  function onOutboxMessage(message) {
    if (!message || message.type !== "uploaded" || !lastSaved || message.uuid !== lastSaved.uuid) return;
    var link = { href: "/memos/" + message.id, text: "Open it" };
    if (!session && !review && Date.now() - lastSaved.at < AUTO_OPEN_MS && message.id) {
      window.location.assign(link.href);
      return;
    }
    if (!session) setStatus("Your memo was uploaded.", link);
  }

  async function discard() {
    var r = review;
    if (!r || !window.confirm("Discard this recording? It cannot be recovered.")) return;
    review = null;
    await store.deleteMemo(r.uuid);
    r.release();
    closeReview(r);
    setStatus("Recording discarded.");
  }

  // Saved or discarded: the save step goes away and keeps nothing of this memo for the next one.
  function closeReview(r) {
    if (r.url) URL.revokeObjectURL(r.url);
    $("preview").removeAttribute("src");
    $("preview").load();
    clearReviewFields();
    $("review").hidden = true;
    showIdle();
  }

  function clearReviewFields() {
    ["memo-title", "memo-contact", "memo-company"].forEach(function (id) { $(id).value = ""; });
  }

  function showRecording() {
    $("recorder").dataset.state = "recording";
    $("record-button").setAttribute("aria-label", "Stop recording");
    $("timer").textContent = "0:00";
    setStatus("Recording… (kept on this device as you speak)");
  }

  function showIdle() {
    $("recorder").dataset.state = "idle";
    $("record-button").setAttribute("aria-label", "Start recording");
    $("record-button").disabled = false;
    $("timer").textContent = "0:00";
  }

  // Going to the background or away: flush the current second to disk now, it may be our last chance.
  function flush() {
    if (session && session.recorder.state === "recording") session.recorder.requestData();
  }

  function init() {
    var button = $("record-button");
    if (!button) return;
    var problem = canRecord();
    if (problem) {
      button.disabled = true;
      $("recorder").dataset.state = "unavailable";
      setStatus(problem);
      return;
    }
    button.addEventListener("click", function () { if (session) stop(); else start(); });
    $("save-button").addEventListener("click", save);
    $("discard-button").addEventListener("click", discard);
    store.subscribe(onOutboxMessage);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush();
      else if (session) keepAwake(session);
    });
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", function (event) {
      if (session) event.preventDefault();  // "Leave site?": the memo so far is kept either way
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
