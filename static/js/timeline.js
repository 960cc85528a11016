// The timeline's jump bar marks the decade being read (aria-current) and keeps its link in
// view inside the bar. Without JavaScript the bar is a plain list of links.
(function () {
  "use strict";

  var bar = document.querySelector(".decade-index__list");
  var events = document.querySelectorAll(".event[data-decade]");
  if (!bar || !events.length || !("IntersectionObserver" in window)) { return; }

  var links = {};
  bar.querySelectorAll("a[data-decade]").forEach(function (link) {
    links[link.dataset.decade] = link;
  });
  var current = null;

  function mark(decade) {
    var link = links[decade];
    if (!link || link === current) { return; }
    if (current) { current.removeAttribute("aria-current"); }
    link.setAttribute("aria-current", "true");
    current = link;
    // Scroll the bar only, never the page.
    var left = link.offsetLeft - bar.offsetLeft;
    if (left < bar.scrollLeft || left + link.offsetWidth > bar.scrollLeft + bar.clientWidth) {
      bar.scrollLeft = left - 16;
    }
  }

  // The event crossing a line a quarter down the window is the one being read.
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { mark(entry.target.dataset.decade); }
    });
  }, { rootMargin: "-25% 0px -74% 0px" });
  events.forEach(function (event) { observer.observe(event); });
})();
