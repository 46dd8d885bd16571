/* Workshop list: chosen cases kept in localStorage and shared by link.
   Loaded on every page, so "add to workshop" buttons work anywhere; the /workshop page's own
   interface is /static/workshop-page.js, built on window.kmhubWorkshop.
   Case titles and notes are untrusted text: they are only ever set with textContent/value. */
(function () {
  "use strict";
  var KEY = "kmhub.workshop.v1";
  var MAX_CASES = 30;
  var MAX_NOTE = 2000;
  var MAX_FIELD = 200;
  var URL_LIMIT = 3800; // the server refuses URLs over 4096 bytes
  var MIN_MINUTES = 5, MAX_MINUTES = 240; // session minutes per case (kmhub.packs.model)
  var FIELDS = ["title", "date", "audience", "trainer", "theme"];
  var lang = document.documentElement.lang === "en" ? "en" : "th";

  function tr(th, en) { return lang === "en" ? en : th; }

  function clean(data) {
    // Anything read from storage or a shared link is checked before use.
    var out = { meta: {}, cases: [] };
    var meta = (data && typeof data.meta === "object" && data.meta) || {};
    FIELDS.forEach(function (f) {
      out.meta[f] = typeof meta[f] === "string" ? meta[f].slice(0, MAX_FIELD) : "";
    });
    var seen = {};
    (Array.isArray(data && data.cases) ? data.cases : []).forEach(function (c) {
      if (!c || typeof c.id !== "string" || !c.id || c.id.length > 120 || seen[c.id]) return;
      if (out.cases.length >= MAX_CASES) return;
      seen[c.id] = true;
      var minutes = parseInt(c.minutes, 10);
      out.cases.push({
        id: c.id,
        title: typeof c.title === "string" ? c.title.slice(0, 300) : c.id,
        note: typeof c.note === "string" ? c.note.slice(0, MAX_NOTE) : "",
        minutes: minutes >= MIN_MINUTES && minutes <= MAX_MINUTES ? minutes : ""
      });
    });
    return out;
  }

  function load() {
    try { return clean(JSON.parse(localStorage.getItem(KEY) || "{}")); }
    catch (e) { return clean({}); }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or off */ }
  }

  function toB64(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromB64(text) {
    var s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }

  function shareUrl(state) {
    return location.origin + "/workshop#pack=" + toB64(JSON.stringify(state));
  }
  function sharedState() {
    var m = /[#&]pack=([A-Za-z0-9_-]+)/.exec(location.hash);
    if (!m) return null;
    try { return clean(JSON.parse(fromB64(m[1]))); } catch (e) { return null; }
  }

  function has(state, id) { return state.cases.some(function (c) { return c.id === id; }); }

  function markButtons(state) {
    document.querySelectorAll("button.add-to-workshop[data-case-id]").forEach(function (b) {
      var inList = has(state, b.getAttribute("data-case-id"));
      var pressed = inList ? "true" : "false";
      if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
      if (!b.hasAttribute("data-label")) b.setAttribute("data-label", b.textContent);
      var text = inList ? tr("✓ อยู่ในชุดอบรมแล้ว", "✓ In the workshop") : b.getAttribute("data-label");
      // Only real changes: the MutationObserver below would otherwise wake itself up forever.
      if (b.textContent !== text) b.textContent = text;
    });
  }

  function announce(text) {
    var box = document.getElementById("ws-status");
    if (box) box.textContent = text;
  }

  function addCase(id, title) {
    var state = load();
    if (has(state, id)) { announce(tr("กรณีนี้อยู่ในชุดอบรมแล้ว", "Already in the workshop")); return false; }
    if (state.cases.length >= MAX_CASES) {
      var msg = tr("ชุดอบรมมีได้ไม่เกิน " + MAX_CASES + " กรณี", "A workshop holds at most " + MAX_CASES + " cases");
      announce(msg);
      if (!document.getElementById("workshop")) window.alert(msg);
      return false;
    }
    state.cases.push({ id: id, title: title || id, note: "", minutes: "" });
    save(state);
    return true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.add-to-workshop[data-case-id]");
    if (!button) return;
    event.preventDefault();
    if (addCase(button.getAttribute("data-case-id"), button.getAttribute("data-case-title"))) {
      announce(tr("เพิ่ม “" + button.getAttribute("data-case-title") + "” แล้ว", "Added “" + button.getAttribute("data-case-title") + "”"));
    }
    markButtons(load());
    if (api.onChange) api.onChange();
  });

  // Buttons added later (search results loaded in place) are marked too.
  new MutationObserver(function () { markButtons(load()); })
    .observe(document.documentElement, { childList: true, subtree: true });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { markButtons(load()); });
  } else {
    markButtons(load());
  }

  // What /static/workshop-page.js (the /workshop page only) builds on.
  var api = {
    FIELDS: FIELDS, MAX_NOTE: MAX_NOTE, MAX_FIELD: MAX_FIELD, URL_LIMIT: URL_LIMIT,
    MIN_MINUTES: MIN_MINUTES, MAX_MINUTES: MAX_MINUTES,
    tr: tr, load: load, save: save, shareUrl: shareUrl, sharedState: sharedState,
    addCase: addCase, markButtons: markButtons, announce: announce, onChange: null
  };
  window.kmhubWorkshop = api;
})();

