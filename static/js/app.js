// Debrief's page behaviour. No inline scripts: the Content-Security-Policy forbids them, and htmx runs with eval off.
(function () {
  "use strict";

  // Every htmx request carries the CSRF token from the page's meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRFToken"] = meta.content;
  });

  // A refused change (400, 409) comes back as the re-rendered part with its message: show it.
  // A poll answered 304 Not Modified (it sends its ETag) keeps the part it has.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 304) {
      event.detail.shouldSwap = false;
      return;
    }
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // One-tap menus (<details class="menu-wrap">): one open at a time, closed by a click elsewhere or Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu-wrap[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var menu = event.target.closest("details.menu-wrap[open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  // Forms ask before destroying anything.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // A due date opens as a date picker in place; closing it (Escape, a tap elsewhere) undoes the unsaved change.
  function coarsePointer() { return window.matchMedia("(pointer: coarse)").matches; }

  document.addEventListener("toggle", function (event) {
    var editor = event.target;
    if (!editor.classList || !editor.classList.contains("due-edit")) return;
    var input = editor.querySelector("input[type=date]");
    if (!editor.open) { input.value = input.defaultValue; return; }
    input.focus();
    // A phone shows its picker at once; a keyboard can type the date instead.
    if (coarsePointer() && input.showPicker) {
      try { input.showPicker(); } catch (e) { /* no user activation left: a tap on the field opens it */ }
    }
  }, true);

  // Enter saves (the form posts through htmx: nothing navigates); a title or a note is one line, however it wraps.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches || !event.target.matches(".due-form input, .title-input, .note-text")) return;
    event.preventDefault();
    event.target.form.requestSubmit();
  });

  // Escape in a note puts its saved text back and leaves it: no change, so nothing is posted.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.matches || !event.target.matches(".note-text")) return;
    event.target.value = event.target.defaultValue;
    event.target.blur();
  });

  // On a touch screen the picker's own "Set" is the confirmation; typed dates wait for Enter (each digit is a change).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".due-form input[type=date]") || !coarsePointer()) return;
    input.form.requestSubmit();
  });

  // The browser's time zone goes with setup and login, so "tomorrow" means the user's tomorrow.
  function fillTimezones(root) {
    var zone = "UTC";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { /* old browser */ }
    root.querySelectorAll("input[data-timezone]").forEach(function (input) { input.value = zone; });
  }

  // Clicking a transcript line or a note seeks the player there and highlights what was said.
  function player() { return document.getElementById("player"); }

  function highlight(start, end) {
    document.querySelectorAll(".segment.current").forEach(function (el) { el.classList.remove("current"); });
    var first = null;
    document.querySelectorAll(".segment[data-start]").forEach(function (el) {
      var s = parseFloat(el.dataset.start), e = parseFloat(el.dataset.end);
      if (e > start && s < end) {
        el.classList.add("current");
        if (!first) first = el;
      }
    });
    return first;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-seek]");
    if (!button) return;
    var start = parseFloat(button.dataset.seek);
    var holder = button.closest("[data-end]");
    var end = holder ? parseFloat(holder.dataset.end) : start + 0.01;
    var audio = player();
    var line = highlight(start, Math.max(end, start + 0.01));
    if (line && !button.closest(".segment")) line.scrollIntoView({ block: "center", behavior: "smooth" });
    if (audio) {
      audio.currentTime = start;
      audio.play().catch(function () { /* autoplay refused: the position is still set */ });
    }
  });

  // While playing, the line being heard is highlighted.
  document.addEventListener("timeupdate", function (event) {
    if (event.target.id !== "player") return;
    var t = event.target.currentTime;
    document.querySelectorAll(".segment[data-start]").forEach(function (el) {
      var on = t >= parseFloat(el.dataset.start) && t < parseFloat(el.dataset.end);
      el.classList.toggle("playing", on);
    });
  }, true);

  // Over plain HTTP on another machine, browsers withhold the microphone and service workers: say so.
  function warnIfInsecure() {
    var banner = document.getElementById("insecure-banner");
    if (banner && !window.isSecureContext) banner.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    fillTimezones(document);
    warnIfInsecure();
  });
  document.addEventListener("htmx:afterSwap", function (event) { fillTimezones(event.target); });
})();
