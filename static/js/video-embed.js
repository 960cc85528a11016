// Click-to-load for videos hosted on YouTube, Vimeo or Dailymotion: nothing is requested
// from the provider until the reader asks for the video. Without JavaScript, the
// placeholder is a plain link to the video on the provider's site.
(function () {
  "use strict";

  document.querySelectorAll("[data-video-embed]").forEach(function (figure) {
    // Each video block brings this script: the first copy to run enhances them all.
    if (figure.dataset.videoReady) { return; }
    figure.dataset.videoReady = "true";
    var placeholder = figure.querySelector(".video-embed__placeholder");
    if (!placeholder) { return; }
    placeholder.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = figure.dataset.videoEmbed;
      frame.title = figure.dataset.videoTitle;
      frame.className = "video-embed__iframe";
      frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      placeholder.replaceWith(frame);
      frame.focus();
    });
  });
})();
