// The contribution form, where JavaScript runs: a draft of the story kept on this device so
// a closed tab or a flat battery loses nothing, cleared once the story has arrived; and the
// thank-you page's heading focused on arrival. Without JavaScript the form works the same,
// only without the draft.
//
// Only the story's own text is kept (title, text, years, place, photo captions): never the
// name, the e-mail or a file, because the device may be a shared computer.
(function () {
  "use strict";

  var PREFIX = "centenaire:contribution-draft:";
  var KEPT = /^(title|story|place|year_start|year_end|caption_\d+)$/;

  function storage() {
    try {
      var test = PREFIX + "test";
      window.localStorage.setItem(test, "1");
      window.localStorage.removeItem(test);
      return window.localStorage;
    } catch (error) {
      return null; // private browsing, storage disabled or full: the form still works
    }
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return KEPT.test(field.name) && field.type !== "file";
    });
  }

  function read(store, key) {
    try {
      var draft = JSON.parse(store.getItem(key) || "null");
      return draft && typeof draft === "object" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function save(store, key, fields) {
    var draft = {};
    var empty = true;
    fields.forEach(function (field) {
      draft[field.name] = field.value;
      if (field.value.trim()) { empty = false; }
    });
    try {
      if (empty) { store.removeItem(key); } else { store.setItem(key, JSON.stringify(draft)); }
    } catch (error) { /* storage full: keep going without a draft */ }
  }

  function restore(fields, draft) {
    var typed = fields.some(function (field) { return field.value.trim(); });
    if (typed) { return false; } // the page came back from the server with the text: it wins
    var restored = false;
    fields.forEach(function (field) {
      if (typeof draft[field.name] === "string" && draft[field.name]) {
        field.value = draft[field.name];
        restored = true;
      }
    });
    return restored;
  }

  function keepDraft(form, store) {
    var key = PREFIX + form.dataset.contributionDraft;
    var fields = keptFields(form);
    var note = form.querySelector("[data-draft-note]");
    var status = form.querySelector("[data-draft-status]");
    var paused = false;
    var timer = null;
    var draft = read(store, key);

    if (note) { note.hidden = false; }
    if (draft && restore(fields, draft) && status) {
      status.textContent = status.dataset.restored || "";
    }
    function saveSoon() {
      if (paused) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { save(store, key, fields); }, 300);
    }
    function saveNow() {
      window.clearTimeout(timer);
      if (!paused) { save(store, key, fields); }
    }
    form.addEventListener("input", saveSoon);
    form.addEventListener("change", saveSoon);
    window.addEventListener("pagehide", saveNow);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { saveNow(); }
    });

    var clear = form.querySelector("[data-draft-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        // The copy on this device goes; what is in the form stays until the page is closed.
        paused = true;
        window.clearTimeout(timer);
        store.removeItem(key);
        if (status) { status.textContent = status.dataset.cleared || ""; }
      });
    }
  }

  function forgetReceivedDraft(store) {
    var received = document.querySelector("[data-contribution-received]");
    if (received) {
      store.removeItem(PREFIX + received.dataset.contributionReceived);
    }
  }

  function focusHeading() {
    var heading = document.querySelector("[data-focus-on-load]");
    if (heading && document.activeElement !== heading) { heading.focus(); }
  }

  var store = storage();
  if (store) {
    forgetReceivedDraft(store);
    var form = document.querySelector("form[data-contribution-draft]");
    if (form) { keepDraft(form, store); }
  }
  focusHeading();
})();
