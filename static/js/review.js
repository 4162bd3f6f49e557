// Reviewing on a laptop: the two-pane memo list, keyboard shortcuts, seeking to ?t=, copy buttons, email drafts.
// No inline scripts (the CSP forbids them) and no htmx eval: all behaviour lives here.
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 1100px)");

  // -- Open the memo at the moment a search result points to (/memos/5?t=83.2) --------------------------
  var pendingSeek = null;
  (function () {
    var t = parseFloat(new URLSearchParams(window.location.search).get("t"));
    if (isFinite(t) && t >= 0) pendingSeek = t;
  })();

  function markSegment(t) {
    var found = null;
    document.querySelectorAll(".segment[data-start]").forEach(function (el) {
      var on = t >= parseFloat(el.dataset.start) - 0.05 && t < parseFloat(el.dataset.end);
      el.classList.toggle("current", on);
      if (on && !found) found = el;
    });
    if (found) found.scrollIntoView({ block: "center" });
  }

  function applySeek() {
    if (pendingSeek === null) return;
    var audio = document.getElementById("player");
    if (!audio) return;  // still queued or transcribing: the player arrives with a later swap
    var t = pendingSeek;
    pendingSeek = null;
    var seek = function () { audio.currentTime = t; };
    if (audio.readyState >= 1) seek(); else audio.addEventListener("loadedmetadata", seek, { once: true });
    markSegment(t);
  }

  // -- Two panes on wide screens: the memo list on the left, the chosen memo on the right ---------------
  var pane = null;

  function memoList() { return document.getElementById("memo-list"); }
  function rows() { var list = memoList(); return list ? Array.prototype.slice.call(list.querySelectorAll(".memo-row > a")) : []; }
  function memoIdOf(link) { var m = /\/memos\/(\d+)/.exec(link.getAttribute("href") || ""); return m ? m[1] : null; }

  function openInPane(link) {
    var id = memoIdOf(link);
    if (!id || !pane || !window.htmx) return;
    rows().forEach(function (a) { a.removeAttribute("aria-current"); });
    link.setAttribute("aria-current", "true");
    link.scrollIntoView({ block: "nearest" });
    window.htmx.ajax("GET", "/memos/" + id + "/pane", { target: "#detail-pane", swap: "innerHTML" });
    var url = new URL(window.location.href);
    url.searchParams.set("open", id);
    url.searchParams.delete("t");
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }

  function setUpPanes() {
    var list = memoList();
    var main = document.getElementById("main");
    if (!list || !main) return;
    if (WIDE.matches && !pane) {
      pane = document.createElement("section");
      pane.id = "detail-pane";
      pane.className = "detail-pane";
      pane.setAttribute("aria-label", "Selected memo");
      pane.setAttribute("aria-live", "polite");
      main.appendChild(pane);
      main.classList.add("two-pane");
      var wanted = new URLSearchParams(window.location.search).get("open");
      var start = rows().filter(function (a) { return memoIdOf(a) === wanted; })[0] || rows()[0];
      if (start) openInPane(start);
    } else if (!WIDE.matches && pane) {
      // Back to the phone layout: the list alone, links open full pages as before.
      pane.remove();
      pane = null;
      main.classList.remove("two-pane");
      rows().forEach(function (a) { a.removeAttribute("aria-current"); });
    }
  }

  document.addEventListener("click", function (event) {
    if (!pane || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest("#memo-list .memo-row > a");
    if (!link) return;
    event.preventDefault();
    openInPane(link);
  });

  function moveInList(step) {
    var all = rows();
    if (!all.length) return false;
    var current = all.findIndex(function (a) { return a.getAttribute("aria-current") === "true"; });
    var next = all[Math.min(Math.max(current + step, 0), all.length - 1)];
    if (current + step >= all.length) {
      var more = memoList().querySelector(".more");
      if (more) more.scrollIntoView({ block: "end" });  // htmx loads the older memos when it is revealed
    }
    if (next) openInPane(next);
    return true;
  }

  // -- Keyboard: j/k next/previous memo, / search ------------------------------------------------------
  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape" && event.target.id === "search-q") event.target.blur();
      return;
    }
    if (event.key === "/") {
      event.preventDefault();
      var box = document.getElementById("search-q");
      if (box) { box.focus(); box.select(); } else window.location.href = "/search";
      return;
    }
    if (event.key !== "j" && event.key !== "k") return;
    var step = event.key === "j" ? 1 : -1;
    if (pane && moveInList(step)) { event.preventDefault(); return; }
    var memo = document.querySelector("article.memo[data-memo-id]");
    if (memo) {
      event.preventDefault();
      window.location.href = "/memos/" + memo.dataset.memoId + (step === 1 ? "/next" : "/previous");
      return;
    }
    var results = Array.prototype.slice.call(document.querySelectorAll(".results .result-title"));
    if (results.length) {
      event.preventDefault();
      var at = results.indexOf(document.activeElement);
      var target = results[Math.min(Math.max(at + step, 0), results.length - 1)];
      if (at === -1) target = results[0];
      target.focus();
    }
  });

  // -- Copy buttons and the email draft's mailto: link --------------------------------------------------
  function copyText(text, status) {
    var done = function () { if (status) status.textContent = "Copied."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    // Plain HTTP on a LAN has no Clipboard API: copy through a hidden textarea instead.
    var area = document.createElement("textarea");
    area.value = text;
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the user can still select and copy by hand */ }
    area.remove();
  }

  function draftField(id) { var el = document.getElementById(id); return el ? el.value : ""; }

  function updateMailto() {
    var link = document.getElementById("draft-mailto");
    if (!link) return;
    var to = encodeURIComponent(draftField("draft-to").trim()).replace(/%40/g, "@");
    link.href = "mailto:" + to + "?subject=" + encodeURIComponent(draftField("draft-subject")) +
      "&body=" + encodeURIComponent(draftField("draft-body"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy], [data-copy-draft]");
    if (!button) return;
    if (button.hasAttribute("data-copy-draft")) {
      copyText("Subject: " + draftField("draft-subject") + "\n\n" + draftField("draft-body"),
        document.getElementById("copy-status"));
    } else {
      var source = document.querySelector(button.dataset.copy);
      if (source) copyText(source.value || source.textContent, null);
      button.textContent = "Copied";
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("#draft")) updateMailto();
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Arriving on the search page (by "/" or the menu) means typing next.
    var box = document.getElementById("search-q");
    if (box && !box.value) box.focus();
    setUpPanes();
    applySeek();
    updateMailto();
  });
  document.addEventListener("htmx:afterSettle", applySeek);
  if (WIDE.addEventListener) WIDE.addEventListener("change", setUpPanes);
})();
