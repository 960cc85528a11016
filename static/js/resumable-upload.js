// The contribution form's video, sent as soon as it is chosen, in parts, with the tus 1.0
// protocol (stories/video/resumable.py): a cut network pauses the upload, which resumes
// where it stopped (asking the server how much arrived) instead of starting again. A bar
// shows the progress and the time left. Once the video has arrived and passed its checks,
// the form carries its reference instead of the file. Without JavaScript, or in a browser
// without what this needs, the plain form sends the file itself.
(function () {
  "use strict";

  var RETRY_MAX_MS = 30000;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) { return values[key]; });
  }

  function timeLeft(seconds) {
    if (seconds < 60) { return Math.max(1, Math.round(seconds)) + " s"; }
    return Math.round(seconds / 60) + " min";
  }

  function setUp(form, box) {
    var input = form.querySelector("#id_video_file");
    var reference = form.querySelector("input[name=staged_video]");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    var permit = form.querySelector("input[name=form_token]"); // the form's signed token
    if (!input || !reference || !window.XMLHttpRequest || !window.Blob) { return; }
    var bar = box.querySelector("[data-upload-bar]");
    var status = box.querySelector("[data-upload-status]");
    var largest = parseInt(box.dataset.chunkBytes, 10) || 4194304;
    var current = null; // the upload under way

    function say(text) { status.textContent = text; }
    // sending, paused, done, refused or notice: static/css/uploads.css colours each.
    function state(name) { box.dataset.state = name; }

    function request(method, url, headers, body, onProgress) {
      return new Promise(function (resolve, reject) {
        var xhr = new XMLHttpRequest();
        xhr.open(method, url);
        xhr.setRequestHeader("Tus-Resumable", "1.0.0");
        if (csrf) { xhr.setRequestHeader("X-CSRFToken", csrf.value); }
        Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
        if (onProgress && xhr.upload) { xhr.upload.onprogress = onProgress; }
        xhr.onload = function () { resolve(xhr); };
        xhr.onerror = xhr.onabort = xhr.ontimeout = function () { reject(new Error("network")); };
        xhr.send(body || null);
      });
    }

    function refusal(xhr) {
      try { return JSON.parse(xhr.responseText).message; } catch (error) { return ""; }
    }

    function showProgress(upload, sent) {
      var percent = Math.floor((sent / upload.file.size) * 100);
      bar.value = percent;
      state("sending");
      var text = box.dataset.sending + " : " + percent + " %";
      var elapsed = (Date.now() - upload.startedAt) / 1000;
      var rate = (sent - upload.startOffset) / Math.max(elapsed, 0.001);
      if (elapsed > 2 && rate > 0 && sent < upload.file.size) {
        text += " — " + format(box.dataset.timeLeft, { time: timeLeft((upload.file.size - sent) / rate) });
      }
      say(text);
    }

    function offsetOnServer(upload) {
      return request("HEAD", upload.url, {}).then(function (xhr) {
        if (xhr.status !== 200) { throw new Error("gone"); }
        return parseInt(xhr.getResponseHeader("Upload-Offset"), 10) || 0;
      });
    }

    function sendFrom(upload, offset) {
      if (upload.cancelled) { return Promise.resolve(); }
      var end = Math.min(offset + upload.chunk, upload.file.size);
      var headers = {
        "Upload-Offset": String(offset),
        "Content-Type": "application/offset+octet-stream",
      };
      return request("PATCH", upload.url, headers, upload.file.slice(offset, end), function (event) {
        showProgress(upload, offset + event.loaded);
      }).then(function (xhr) {
        if (xhr.status === 422 || xhr.status === 413) { throw { refused: refusal(xhr) }; }
        if (xhr.status === 409 || xhr.status === 400) { return resume(upload); }
        if (xhr.status !== 204) { throw new Error("status " + xhr.status); }
        upload.retryMs = 1000;
        var reached = parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
        showProgress(upload, reached);
        var staged = xhr.getResponseHeader("Upload-Staged");
        if (staged) { return arrived(upload, staged, xhr.getResponseHeader("Upload-Staged-Name")); }
        return sendFrom(upload, reached);
      }, function () { return paused(upload); });
    }

    function resume(upload) {
      return offsetOnServer(upload).then(function (offset) {
        upload.startedAt = Date.now();
        upload.startOffset = offset;
        return sendFrom(upload, offset);
      }, function (error) {
        if (error && error.message === "gone") { throw error; }
        return paused(upload);
      });
    }

    function paused(upload) {
      if (upload.cancelled) { return Promise.resolve(); }
      say(box.dataset.paused);
      state("paused");
      var wait = upload.retryMs;
      upload.retryMs = Math.min(upload.retryMs * 2, RETRY_MAX_MS);
      return new Promise(function (resolve) {
        var timer = window.setTimeout(done, wait);
        function done() {
          window.clearTimeout(timer);
          window.removeEventListener("online", done);
          resolve();
        }
        window.addEventListener("online", done);
      }).then(function () { return resume(upload); });
    }

    function arrived(upload, staged, nameHeader) {
      var name = upload.file.name;
      try { name = JSON.parse(nameHeader) || name; } catch (error) { /* keep the file's */ }
      reference.value = staged;
      input.value = ""; // the form sends the reference, not the file again
      bar.value = 100;
      say(format(box.dataset.done, { name: name }));
      state("done");
      current = null;
    }

    function failed(upload, error) {
      current = null;
      box.hidden = true;
      if (error && error.keepFile) { // no upload allowed here: the plain form sends the file
        box.hidden = false;
        state("notice");
        say(error.keepFile);
      } else if (error && error.refused) {
        input.value = "";
        say("");
        box.hidden = false;
        state("refused");
        say(error.refused);
      }
      // Anything else: the file stays chosen and the plain form sends it.
    }

    function start(file) {
      if (current) { current.cancelled = true; }
      reference.value = "";
      box.hidden = false;
      bar.value = 0;
      state("sending");
      // At most 1/40 of the file per part (and at least 256 kB): a cut re-sends < 2.5 %.
      var chunk = Math.min(largest, Math.max(262144, Math.ceil(file.size / 40)));
      var upload = { file: file, chunk: chunk, retryMs: 1000, startedAt: Date.now(), startOffset: 0 };
      current = upload;
      var headers = { "Upload-Length": String(file.size), "Upload-Permit": permit ? permit.value : "" };
      try {
        headers["Upload-Metadata"] = "filename " + window.btoa(unescape(encodeURIComponent(file.name)));
      } catch (error) { /* a name that cannot be encoded: none */ }
      request("POST", box.dataset.endpoint, headers).then(function (xhr) {
        if (xhr.status === 403) { throw { keepFile: refusal(xhr) }; }
        if (xhr.status !== 201) { throw { refused: refusal(xhr) }; }
        upload.url = xhr.getResponseHeader("Location");
        return sendFrom(upload, 0);
      }).catch(function (error) { failed(upload, error); });
    }

    input.addEventListener("change", function () {
      if (input.files && input.files.length === 1 && input.files[0].size > 0) {
        start(input.files[0]);
      } else if (current) { // the choice was emptied: the upload stops
        current.cancelled = true;
        current = null;
        box.hidden = true;
      }
    });

    form.addEventListener("submit", function (event) {
      if (current) {
        event.preventDefault();
        say(box.dataset.wait);
        status.focus && status.focus();
      }
    });
  }

  document.querySelectorAll("form.contribution-form").forEach(function (form) {
    var box = form.querySelector("[data-resumable-upload]");
    if (box) { setUp(form, box); }
  });
})();
