// Progressive enhancement of the share bars: copy the link, or open the device's share
// sheet where the browser has one. Without JavaScript the buttons stay hidden and the
// plain links to each network still work.
(function () {
  "use strict";

  function announce(button, text) {
    var status = button.closest(".share").querySelector("[role=status]");
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  document.querySelectorAll("[data-share-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.shareCopy).then(function () {
        var status = button.closest(".share").querySelector("[role=status]");
        announce(button, status ? status.dataset.shareCopied : "");
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
