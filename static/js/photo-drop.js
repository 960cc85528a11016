// Photo slots of the contribution form, over the native file inputs (which keep working
// without this script, and take a dropped file by themselves): a thumbnail and the file's
// name once chosen, and one slot shown at a time with "Ajouter une photo" for the next.
(function () {
  "use strict";

  var THUMB = 160;

  function showThumbnail(zone, input) {
    var old = zone.querySelector(".photo-drop__preview");
    if (old) { old.remove(); }
    zone.classList.remove("photo-drop--chosen");
    var file = input.files && input.files[0];
    if (!file) { return; }
    zone.classList.add("photo-drop--chosen");
    var preview = document.createElement("span");
    preview.className = "photo-drop__preview";
    var name = document.createElement("span");
    name.className = "photo-drop__name";
    name.textContent = file.name;
    preview.appendChild(name);
    zone.insertBefore(preview, input);
    if (!window.createImageBitmap || !/^image\//.test(file.type)) { return; }
    // Drawn on a canvas, so no blob: or data: image is needed under the site's CSP.
    createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, THUMB / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.setAttribute("aria-hidden", "true");
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      preview.insertBefore(canvas, name);
    }).catch(function () { /* not an image the browser reads: the name is enough */ });
  }

  document.querySelectorAll("[data-photo-drop]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    input.addEventListener("change", function () { showThumbnail(zone, input); });
    input.addEventListener("dragenter", function () { zone.classList.add("photo-drop--over"); });
    ["dragleave", "drop"].forEach(function (type) {
      input.addEventListener(type, function () { zone.classList.remove("photo-drop--over"); });
    });
    showThumbnail(zone, input);
  });

  // One slot at a time: a slot shows when it is the first, or holds a file, a caption, an
  // error or a photo kept from the previous send; "Ajouter une photo" reveals the next hidden one.
  var slots = Array.prototype.slice.call(document.querySelectorAll("[data-photo-slot]"));
  var add = document.querySelector("[data-photo-add]");
  if (slots.length < 2 || !add) { return; }

  function inUse(slot) {
    var file = slot.querySelector("input[type=file]");
    var caption = slot.querySelector("input[type=text], textarea");
    return (file && file.files && file.files.length) || (caption && caption.value.trim()) ||
      slot.querySelector(".errorlist, [aria-invalid=true], [data-staged-file]");
  }

  slots.forEach(function (slot, index) { slot.hidden = index > 0 && !inUse(slot); });
  function refresh() { add.hidden = !slots.some(function (slot) { return slot.hidden; }); }
  refresh();
  add.querySelector("button").addEventListener("click", function () {
    var next = slots.filter(function (slot) { return slot.hidden; })[0];
    if (!next) { return; }
    next.hidden = false;
    refresh();
    next.querySelector("input[type=file]").focus();
  });
})();
