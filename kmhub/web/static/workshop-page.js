/* The /workshop page: list, reorder (buttons, keyboard), notes, details, downloads, share,
   suggestions. Built on window.kmhubWorkshop from /static/workshop.js (loaded first, by the
   layout). Untrusted text (titles, notes, shared links) is only set through textContent/value. */
(function () {
  "use strict";
  var W = window.kmhubWorkshop;
  if (!W || !document.getElementById("workshop")) return;
  var FIELDS = W.FIELDS, MAX_NOTE = W.MAX_NOTE, MAX_FIELD = W.MAX_FIELD, URL_LIMIT = W.URL_LIMIT;
  var tr = W.tr, load = W.load, save = W.save, shareUrl = W.shareUrl, sharedState = W.sharedState;
  var addCase = W.addCase, markButtons = W.markButtons, announce = W.announce;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function workshopPage() {
    var list = document.getElementById("ws-list");
    var shared = sharedState();

    FIELDS.forEach(function (f) {
      var input = document.getElementById("ws-" + f);
      input.addEventListener("input", function () {
        var state = load();
        state.meta[f] = input.value.slice(0, MAX_FIELD);
        save(state);
        updateLinks(state);
      });
    });

    function move(index, delta, focusClass) {
      var state = load();
      var target = index + delta;
      if (target < 0 || target >= state.cases.length) return;
      var item = state.cases.splice(index, 1)[0];
      state.cases.splice(target, 0, item);
      save(state);
      render();
      announce(tr("ย้าย “" + item.title + "” ไปลำดับที่ " + (target + 1), "Moved “" + item.title + "” to position " + (target + 1)));
      // Keep the keyboard on the moved case: on the same button, or, when the case reached the
      // top or the bottom and that button is now disabled, on the button that still moves it.
      var moved = list.children[target];
      if (!moved) return;
      var candidates = ["." + focusClass, ".ws-up", ".ws-down", ".ws-item-title"];
      for (var k = 0; k < candidates.length; k++) {
        var node = moved.querySelector(candidates[k]);
        if (node && !node.disabled) { node.focus(); return; }
      }
    }

    function remove(index) {
      var state = load();
      var item = state.cases.splice(index, 1)[0];
      save(state);
      render();
      markButtons(state);
      announce(tr("นำ “" + item.title + "” ออกแล้ว", "Removed “" + item.title + "”"));
    }

    function caseItem(c, i, total) {
      var li = el("li", "ws-item");
      li.setAttribute("data-case-id", c.id);
      var head = el("div", "ws-item-head");
      var no = el("span", "ws-no", String(i + 1));
      var link = el("a", "ws-item-title", c.title);
      link.href = "/cases/" + encodeURIComponent(c.id);
      var tools = el("div", "ws-tools");
      [["ws-up", "↑", tr("เลื่อนขึ้น", "Move up"), i === 0, -1],
       ["ws-down", "↓", tr("เลื่อนลง", "Move down"), i === total - 1, 1]].forEach(function (b) {
        var btn = el("button", "ws-move " + b[0], b[1]);
        btn.type = "button";
        btn.disabled = b[3];
        btn.setAttribute("aria-label", b[2] + ": " + c.title);
        btn.title = b[2];
        btn.addEventListener("click", function () { move(i, b[4], b[0]); });
        tools.appendChild(btn);
      });
      var del = el("button", "ws-remove", "✕");
      del.type = "button";
      del.setAttribute("aria-label", tr("นำออก", "Remove") + ": " + c.title);
      del.title = tr("นำออก", "Remove");
      del.addEventListener("click", function () { remove(i); });
      tools.appendChild(del);
      head.appendChild(no);
      head.appendChild(link);
      head.appendChild(tools);
      li.appendChild(head);
      var label = el("label", "ws-note-label", tr("บันทึกของวิทยากร", "Trainer's note"));
      var note = el("textarea", "ws-note");
      note.maxLength = MAX_NOTE;
      note.rows = 2;
      note.value = c.note;
      note.addEventListener("input", function () {
        var state = load();
        var found = state.cases.filter(function (x) { return x.id === c.id; })[0];
        if (found) { found.note = note.value.slice(0, MAX_NOTE); save(state); updateLinks(state); }
      });
      label.appendChild(note);
      li.appendChild(label);
      var timeLabel = el("label", "ws-minutes-label", tr("เวลาในกำหนดการ (นาที)", "Minutes in the session plan"));
      var minutes = el("input", "ws-minutes");
      minutes.type = "number";
      minutes.min = String(W.MIN_MINUTES);
      minutes.max = String(W.MAX_MINUTES);
      minutes.step = "5";
      minutes.placeholder = "30";
      minutes.value = c.minutes === "" ? "" : String(c.minutes);
      minutes.addEventListener("input", function () {
        var state = load();
        var found = state.cases.filter(function (x) { return x.id === c.id; })[0];
        var value = parseInt(minutes.value, 10);
        if (found) {
          found.minutes = value >= W.MIN_MINUTES && value <= W.MAX_MINUTES ? value : "";
          save(state);
          updateLinks(state);
        }
      });
      timeLabel.appendChild(minutes);
      li.appendChild(timeLabel);
      return li;
    }

    function render() {
      var state = load();
      list.textContent = "";
      state.cases.forEach(function (c, i) { list.appendChild(caseItem(c, i, state.cases.length)); });
      document.getElementById("ws-count").textContent = String(state.cases.length);
      document.getElementById("ws-empty").hidden = state.cases.length > 0;
      FIELDS.forEach(function (f) {
        var input = document.getElementById("ws-" + f);
        if (input.value !== state.meta[f]) input.value = state.meta[f];
      });
      document.querySelectorAll("[data-pack-format]").forEach(function (b) { b.disabled = !state.cases.length; });
      updateLinks(state);
    }

    function packBody(state, format) {
      var notes = {}, minutes = {};
      state.cases.forEach(function (c) {
        if (c.note.trim()) notes[c.id] = c.note;
        if (c.minutes !== "") minutes[c.id] = c.minutes;
      });
      var body = { ids: state.cases.map(function (c) { return c.id; }), format: format, notes: notes, minutes: minutes };
      FIELDS.forEach(function (f) { body[f] = state.meta[f]; });
      return body;
    }

    function updateLinks(state) {
      document.getElementById("ws-share-url").value = state.cases.length ? shareUrl(state) : "";
      var print = document.getElementById("ws-print");
      var body = packBody(state, "html");
      var params = new URLSearchParams({ ids: body.ids.join(","), format: "html" });
      FIELDS.forEach(function (f) { if (body[f]) params.set(f, body[f]); });
      if (Object.keys(body.minutes).length) params.set("minutes", JSON.stringify(body.minutes));
      var withNotes = new URLSearchParams(params);
      if (Object.keys(body.notes).length) withNotes.set("notes", JSON.stringify(body.notes));
      var url = "/api/pack?" + withNotes.toString();
      var tooLong = url.length > URL_LIMIT;
      print.href = tooLong ? "/api/pack?" + params.toString() : url;
      print.hidden = !state.cases.length;
      document.getElementById("ws-print-hint").hidden = !tooLong || !state.cases.length;
    }

    function download(format, button) {
      var state = load();
      if (!state.cases.length) return;
      button.disabled = true;
      announce(tr("กำลังสร้างไฟล์…", "Making the file…"));
      fetch("/api/pack", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(packBody(state, format))
      }).then(function (response) {
        if (!response.ok) {
          return response.json().then(function (e) {
            throw new Error(tr(e.message_th || "สร้างไฟล์ไม่ได้", e.message_en || "could not make the file"));
          }, function () { throw new Error(tr("สร้างไฟล์ไม่ได้", "could not make the file")); });
        }
        var disposition = response.headers.get("content-disposition") || "";
        var m = /filename\*=UTF-8''([^;]+)/.exec(disposition);
        var name = m ? decodeURIComponent(m[1]) : "workshop-pack." + format;
        return response.blob().then(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = name;
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
          announce(tr("ดาวน์โหลด " + name + " แล้ว", "Downloaded " + name));
        });
      }).catch(function (err) {
        announce(err.message);
      }).then(function () { button.disabled = false; });
    }

    document.querySelectorAll("[data-pack-format]").forEach(function (b) {
      b.addEventListener("click", function () { download(b.getAttribute("data-pack-format"), b); });
    });

    document.getElementById("ws-share-copy").addEventListener("click", function () {
      var input = document.getElementById("ws-share-url");
      input.select();
      var done = function () { announce(tr("คัดลอกลิงก์แล้ว", "Link copied")); };
      if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () {});
      else { document.execCommand("copy"); done(); }
    });

    document.getElementById("ws-clear").addEventListener("click", function () {
      if (!window.confirm(tr("ล้างรายการกรณีทั้งหมด?", "Remove every case from the list?"))) return;
      var state = load();
      state.cases = [];
      save(state);
      render();
      markButtons(state);
    });

    var suggestions = document.getElementById("ws-suggestions");
    var weakBox = document.getElementById("ws-weak");
    var weakList = document.getElementById("ws-weak-list");
    var weakButton = document.getElementById("ws-weak-show");
    var addAll = document.getElementById("ws-suggest-all");
    var STRENGTH = {
      strong: tr("ตรงประเด็นมาก", "strong match"),
      related: tr("เกี่ยวข้อง", "related"),
      weak: tr("ตรงประเด็นน้อย", "weak match")
    };

    function suggestionItem(c) {
      var li = el("li", "ws-suggestion ws-" + c.strength);
      var badge = el("span", "ws-strength ws-strength-" + c.strength, STRENGTH[c.strength] || c.strength);
      li.appendChild(badge);
      li.appendChild(el("span", "ws-suggestion-title", " " + c.title));
      li.appendChild(el("span", "hint", " · " + c.province + " · " + c.year + " (พ.ศ. " + c.year_be + ")"));
      var b = el("button", "add-to-workshop", tr("เพิ่มในชุดอบรม", "Add to workshop"));
      b.type = "button";
      b.setAttribute("data-case-id", c.case_id);
      b.setAttribute("data-case-title", c.title);
      li.appendChild(b);
      return li;
    }

    function askSuggestions(q, n, withWeak) {
      var params = { q: q, n: n };
      if (withWeak) params.weak = "true";
      return fetch("/api/pack/suggest?" + new URLSearchParams(params).toString())
        .then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); });
    }

    document.getElementById("ws-suggest-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var q = document.getElementById("ws-suggest-q").value.trim();
      var n = document.getElementById("ws-suggest-n").value || "5";
      if (!q) return;
      suggestions.textContent = "";
      weakList.textContent = "";
      weakBox.hidden = true;
      addAll.hidden = true;
      announce(tr("กำลังค้นหา…", "Searching…"));
      askSuggestions(q, n, false)
        .then(function (pair) {
          var data = pair[1];
          if (!pair[0]) { announce(tr(data.message_th, data.message_en)); return; }
          data.cases.forEach(function (c) { suggestions.appendChild(suggestionItem(c)); });
          addAll.hidden = !data.cases.length;
          // Fewer than asked: the rest would be weak matches, offered apart on request.
          var missing = parseInt(n, 10) - data.cases.length;
          weakBox.hidden = missing <= 0;
          weakButton.hidden = false;
          weakButton.onclick = function () {
            weakButton.hidden = true;
            askSuggestions(q, n, true).then(function (again) {
              var weak = again[0] ? again[1].weak : [];
              weak.forEach(function (c) { weakList.appendChild(suggestionItem(c)); });
              if (!weak.length) weakList.appendChild(el("li", "hint", tr("ไม่มีกรณีอื่น", "No other cases")));
              markButtons(load());
            });
          };
          var theme = document.getElementById("ws-theme");
          if (!theme.value) { theme.value = q; theme.dispatchEvent(new Event("input")); }
          announce(tr(
            "เสนอ " + data.cases.length + " กรณีที่ตรงประเด็น" + (missing > 0 ? " (ไม่เติมกรณีที่ตรงน้อย)" : ""),
            data.cases.length + " matching cases suggested" + (missing > 0 ? " (weak matches left out)" : "")));
          markButtons(load());
        })
        .catch(function () { announce(tr("ค้นหาไม่สำเร็จ", "The suggestion failed")); });
    });
    addAll.addEventListener("click", function () {
      suggestions.querySelectorAll("button.add-to-workshop").forEach(function (b) {
        addCase(b.getAttribute("data-case-id"), b.getAttribute("data-case-title"));
      });
      render();
      markButtons(load());
      announce(tr("เพิ่มกรณีที่เสนอทั้งหมดแล้ว", "Added all suggested cases"));
    });

    if (shared) {
      var mine = load();
      var same = JSON.stringify(mine) === JSON.stringify(shared);
      if (!mine.cases.length || same) {
        save(shared);
      } else {
        var box = document.getElementById("ws-shared");
        document.getElementById("ws-shared-text").textContent = tr(
          "ลิงก์นี้มีชุดอบรมที่แชร์มา " + shared.cases.length + " กรณี แต่เครื่องนี้มีชุดของท่านอยู่แล้ว " + mine.cases.length + " กรณี",
          "This link carries a shared workshop of " + shared.cases.length + " cases; this browser already holds your own list of " + mine.cases.length + ".");
        box.hidden = false;
        document.getElementById("ws-shared-use").addEventListener("click", function () {
          save(shared); box.hidden = true; render(); markButtons(shared);
        });
        document.getElementById("ws-shared-keep").addEventListener("click", function () { box.hidden = true; });
      }
    }
    render();
    W.onChange = render;
  }

  workshopPage();
})();
