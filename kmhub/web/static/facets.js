// kmhub web UI: narrow a long facet list as one types. Without this file the lists are
// complete (and the browse pages filter on the server with ?facet_q=).
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function statusText(shown, total) {
    return document.documentElement.lang === "en"
      ? "Showing " + shown + " of " + total
      : "แสดง " + shown + " จาก " + total + " รายการ";
  }

  function setup(input) {
    if (input.dataset.facetReady) return;
    var box = document.getElementById(input.getAttribute("data-facet-filter"));
    if (!box) return;
    input.dataset.facetReady = "1";
    input.hidden = false;
    var status = document.getElementById(input.getAttribute("aria-describedby") || "");
    var items = Array.prototype.slice.call(box.querySelectorAll("li[data-terms]"));
    var total = Number(input.getAttribute("data-facet-total")) || items.length;
    var last = null;

    function apply() {
      var wanted = fold(input.value);
      if (wanted === last) return;
      last = wanted;
      var shown = 0;
      items.forEach(function (item) {
        var hit = !wanted || fold(item.getAttribute("data-terms")).indexOf(wanted) !== -1;
        item.hidden = !hit;
        if (hit) shown += 1;
      });
      box.querySelectorAll("[data-facet-group]").forEach(function (group) {
        group.hidden = !group.querySelector("li[data-terms]:not([hidden])");
      });
      // While narrowing, every match shows: "More" lists open and their summary steps aside.
      box.querySelectorAll("details").forEach(function (details) {
        if (wanted && !details.hasAttribute("data-was-open")) {
          details.setAttribute("data-was-open", details.open ? "1" : "");
        }
        if (wanted) {
          details.open = true;
        } else if (details.hasAttribute("data-was-open")) {
          details.open = details.getAttribute("data-was-open") === "1";
          details.removeAttribute("data-was-open");
        }
        var summary = details.querySelector("summary");
        if (summary) summary.hidden = Boolean(wanted);
      });
      box.querySelectorAll("[data-facet-none]").forEach(function (none) {
        none.hidden = shown > 0;
      });
      if (status) status.textContent = statusText(shown, total);
    }

    input.addEventListener("input", apply);
    if (input.value) {
      // The server already narrowed the list to this text; typing narrows it further.
      last = fold(input.value);
    }
  }

  function setupAll() {
    document.querySelectorAll("input[data-facet-filter]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", setupAll);
  document.addEventListener("kmhub:results-updated", setupAll);
})();
