// The record page: MediaRecorder in, upload out.
(function () {
  "use strict";

  var state = { recorder: null, chunks: [], startedAt: 0, timer: null, blob: null, mime: "", recordedAt: null };

  function $(id) { return document.getElementById(id); }

  function pickMimeType() {
    var candidates = ["audio/webm;codecs=opus", "audio/mp4", "audio/ogg;codecs=opus"];
    for (var i = 0; i < candidates.length; i++) {
      if (window.MediaRecorder && MediaRecorder.isTypeSupported(candidates[i])) return candidates[i];
    }
    return "";
  }

  function setStatus(text) { $("record-status").textContent = text; }

  function tick() {
    var secs = Math.floor((Date.now() - state.startedAt) / 1000);
    $("timer").textContent = Math.floor(secs / 60) + ":" + String(secs % 60).padStart(2, "0");
  }

  function isoWithOffset(date) {
    var off = -date.getTimezoneOffset();
    var sign = off >= 0 ? "+" : "-";
    var pad = function (n) { return String(Math.floor(Math.abs(n))).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      sign + pad(off / 60) + ":" + pad(off % 60);
  }

  async function start() {
    if (!window.isSecureContext || !navigator.mediaDevices) {
      setStatus("Recording needs HTTPS on this address (see the README's phone section).");
      return;
    }
    var stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      setStatus("Debrief cannot use the microphone: " + err.message);
      return;
    }
    state.mime = pickMimeType();
    var options = { audioBitsPerSecond: 32000 };
    if (state.mime) options.mimeType = state.mime;
    state.recorder = new MediaRecorder(stream, options);
    state.chunks = [];
    state.recorder.ondataavailable = function (e) { if (e.data && e.data.size) state.chunks.push(e.data); };
    state.recorder.onstop = function () {
      stream.getTracks().forEach(function (t) { t.stop(); });
      state.blob = new Blob(state.chunks, { type: state.recorder.mimeType || state.mime });
      $("preview").src = URL.createObjectURL(state.blob);
      $("review").hidden = false;
      $("recorder").dataset.state = "review";
      setStatus("Listen back, then save.");
    };
    state.recordedAt = new Date();
    state.recorder.start(1000);
    state.startedAt = Date.now();
    state.timer = setInterval(tick, 250);
    $("recorder").dataset.state = "recording";
    $("record-button").setAttribute("aria-label", "Stop recording");
    setStatus("Recording…");
  }

  function stop() {
    clearInterval(state.timer);
    $("record-button").setAttribute("aria-label", "Start recording");
    if (state.recorder && state.recorder.state !== "inactive") state.recorder.stop();
  }

  async function save() {
    var form = new FormData();
    var ext = (state.blob.type.indexOf("mp4") >= 0) ? "m4a" : "webm";
    form.append("audio", state.blob, "memo." + ext);
    form.append("client_uuid", crypto.randomUUID());
    form.append("recorded_at", isoWithOffset(state.recordedAt));
    if ($("memo-title").value) form.append("title", $("memo-title").value);
    setStatus("Uploading…");
    var meta = document.querySelector('meta[name="csrf-token"]');
    var response = await fetch("/api/memos", {
      method: "POST", body: form, credentials: "same-origin",
      headers: meta ? { "X-CSRFToken": meta.content } : {},
    });
    var body = await response.json().catch(function () { return {}; });
    if (response.ok) {
      window.location.href = "/memos/" + body.id;
    } else {
      setStatus("Upload failed: " + (body.error || response.status));
    }
  }

  function discard() {
    state.blob = null;
    $("review").hidden = true;
    $("recorder").dataset.state = "idle";
    $("timer").textContent = "0:00";
    setStatus("");
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("record-button").addEventListener("click", function () {
      if (state.recorder && state.recorder.state === "recording") stop(); else start();
    });
    $("save-button").addEventListener("click", save);
    $("discard-button").addEventListener("click", discard);
  });
})();
