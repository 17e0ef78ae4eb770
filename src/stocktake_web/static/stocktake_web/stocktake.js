/* Stocktake's only script: autosave of answers, and the language menu.
   Pages work without it (forms submit normally); with it, an answer is saved a moment after each
   change, saves never overlap, and a conflict pauses saving until the person settles it. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select) { select.form.submit(); }
  });

  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var timer = null;
  var busy = false;
  var again = false;
  var paused = false;
  var fileChanged = false;

  function show(state, html) {
    status.dataset.state = state;
    if (html !== undefined) { status.innerHTML = html; }
  }

  function send() {
    if (paused) { return; }
    if (busy) { again = true; return; }
    busy = true;
    var data = new FormData(form);
    if (!fileChanged) { data.delete("file"); }
    var sentFile = fileChanged;
    fileChanged = false;
    show("saving", "<p>" + form.dataset.savingText + "</p>");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", headers: { "HX-Request": "true" }
    }).then(function (response) {
      var version = response.headers.get("X-Answer-Version");
      if (response.ok && version !== null) { form.elements.base_version.value = version; }
      if (response.headers.get("X-Answer-Conflict")) { paused = true; }
      if (response.ok && sentFile) { form.elements.file.value = ""; }
      return response.text().then(function (html) { show(response.ok ? "saved" : "problem", html); });
    }).catch(function () {
      show("problem", "<p>" + form.dataset.offlineText + "</p>");
    }).then(function () {
      busy = false;
      if (again) { again = false; send(); }
    });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(send, delay);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") { schedule(800); }
  });
  function tooLarge(input) {
    var limit = Number(input.dataset.maxBytes || 0);
    return limit > 0 && input.files && input.files.length > 0 && input.files[0].size > limit;
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "file") {
      if (tooLarge(event.target)) {
        // Refused here rather than after minutes of upload; the server checks again anyway.
        event.target.value = "";
        var note = document.createElement("p");
        note.className = "errorlist";
        note.textContent = form.dataset.tooLargeText;
        show("problem", "");
        status.appendChild(note);
        return;
      }
      fileChanged = true;
    }
    schedule(event.target.type === "file" ? 0 : 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    send();
  });
})();
