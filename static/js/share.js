// Progressive enhancement of the share bars: copy the link, or open the device's share
// sheet where the browser has one. Without JavaScript the buttons stay hidden and the
// plain links to each network still work.
(function () {
  "use strict";

  var SHOWN_FOR_MS = 4000;

  // The status line is read out by screen readers and, for a few seconds, shown to everyone:
  // "Lien copié" under the buttons, the copy button marked as done.
  function confirmCopy(button) {
    var status = button.closest(".share").querySelector("[role=status]");
    if (!status) { return; }
    status.textContent = "";
    status.classList.remove("visually-hidden");
    status.classList.add("share__status--shown");
    button.classList.add("share__copy--done");
    window.setTimeout(function () { status.textContent = status.dataset.shareCopied; }, 50);
    window.clearTimeout(button.shareCopyTimer);
    button.shareCopyTimer = window.setTimeout(function () {
      status.classList.remove("share__status--shown");
      status.classList.add("visually-hidden");
      button.classList.remove("share__copy--done");
    }, SHOWN_FOR_MS);
  }

  document.querySelectorAll("[data-share-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.shareCopy).then(function () {
        confirmCopy(button);
      });
    });
  });

  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    if (!navigator.share) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.dataset.shareTitle, url: button.dataset.shareUrl })
        .catch(function () { /* the reader closed the sheet */ });
    });
  });
})();
