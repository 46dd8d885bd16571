// kmhub web UI: live search while typing, and a copy button for citations.
// Pages work without this file; it only makes them quicker to use.
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;

  function setupLiveSearch(form) {
    var input = form.querySelector("input[name=q]");
    var target = document.getElementById("search-results");
    if (!input || !target || !window.fetch) return;
    var timer = null;
    var inFlight = null;
    var lastQuery = null;

    function queryString() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (value !== "") params.append(key, value);
      });
      return params.toString();
    }

    function run(focusResults) {
      var qs = queryString();
      var url = "/" + (qs ? "?" + qs : "");
      if (url === lastQuery && !focusResults) return;
      lastQuery = url;
      if (inFlight) inFlight.abort();
      inFlight = new AbortController();
      target.setAttribute("aria-busy", "true");
      fetch(url, { headers: { "X-Kmhub-Partial": "results" }, signal: inFlight.signal })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          target.innerHTML = html; // server-rendered and escaped by the same templates as the page
          target.setAttribute("aria-busy", "false");
          window.history.replaceState(null, "", url);
          // Screen readers hear the count only, not the whole list on every keystroke.
          var status = document.getElementById("live-status");
          var summary = document.getElementById("results-heading");
          if (status) status.textContent = summary ? summary.textContent.replace(/\s+/g, " ").trim() : "";
          if (focusResults) {
            var heading = document.getElementById("results-heading");
            if (heading) {
              heading.setAttribute("tabindex", "-1");
              heading.focus();
            }
          }
          document.dispatchEvent(new CustomEvent("kmhub:results-updated"));
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          target.setAttribute("aria-busy", "false");
          form.submit(); // fall back to an ordinary page load
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        run(false);
      }, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run(true);
    });
    var mode = form.querySelector("select[name=mode]");
    if (mode) mode.addEventListener("change", function () { run(false); });
  }

  function setupCopyButtons() {
    document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      if (!source) return;
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        var text = source.textContent.trim();
        var done = function () {
          button.textContent = document.documentElement.lang === "en" ? "Copied" : "คัดลอกแล้ว";
          window.setTimeout(function () { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
        } else {
          selectText(source);
        }
      });
    });
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live-search]").forEach(setupLiveSearch);
    setupCopyButtons();
  });
})();
