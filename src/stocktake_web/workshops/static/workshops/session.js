/* The room's screen (workshops/screen.html): the keys, the clock, and no move away from a
   question before its last change is saved.

   Keys, unless a text box or a menu has the focus: ArrowRight or N moves to the next question,
   ArrowLeft or P to the previous one, a level's key (its number) chooses that level; Escape
   leaves a text box so the keys work again. Choosing a level fires an input event, which the
   autosave (js/autosave.js, with htmx) saves as a click would.
   The clock counts on from the time the server kept, only while the session runs.
   A form marked data-once is sent once: a second click while the page changes does nothing. */
(function () {
  "use strict";

  var form = document.getElementById("score-form");
  var autosaved = form && form.hasAttribute("data-autosave");
  var dirty = false;
  var inFlight = false;
  var waiting = null;

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") { return true; }
    return tag === "input" && target.type !== "radio" && target.type !== "checkbox";
  }

  function go(control) {
    if (!control || control.disabled) { return; }
    control.click();
  }

  function chooseLevel(key) {
    var input = form && form.querySelector('input[name="value"][data-key="' + key + '"]');
    if (!input || input.disabled) { return false; }
    if (!input.checked) {
      input.checked = true;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    input.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var key = event.key;
    if (key === "ArrowRight" || key === "n" || key === "N") {
      event.preventDefault();
      go(document.getElementById("next"));
    } else if (key === "ArrowLeft" || key === "p" || key === "P") {
      event.preventDefault();
      go(document.getElementById("previous"));
    } else if (/^[0-9]$/.test(key) && chooseLevel(key)) {
      event.preventDefault();
    }
  });

  // Moving on waits for the question's last change to be saved.
  function flushThen(done) {
    if (!autosaved || (!dirty && !inFlight)) { done(); return; }
    waiting = done;
    if (dirty && !inFlight) { htmx.trigger(form, "submit"); }
  }

  if (autosaved) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("htmx:beforeRequest", function () { inFlight = true; dirty = false; });
    form.addEventListener("htmx:afterRequest", function () {
      inFlight = false;
      if (waiting && !dirty) { var next = waiting; waiting = null; next(); }
      else if (waiting && dirty) { htmx.trigger(form, "submit"); }
    });
  }

  document.querySelectorAll("form[data-move]").forEach(function (move) {
    move.addEventListener("submit", function (event) {
      if (move.dataset.sent) { event.preventDefault(); return; }
      if (autosaved && (dirty || inFlight)) {
        event.preventDefault();
        flushThen(function () { move.dataset.sent = "1"; move.submit(); });
        return;
      }
      move.dataset.sent = "1";
    });
  });

  document.querySelectorAll("form[data-once]").forEach(function (once) {
    once.addEventListener("submit", function (event) {
      if (once.dataset.sent) { event.preventDefault(); return; }
      once.dataset.sent = "1";
    });
  });

  // Said once the keys work, for whoever waits for them (the browser tests).
  var room = document.getElementById("room");
  if (room) { room.dataset.keys = "ready"; }

  var timer = document.getElementById("timer");
  if (timer && timer.dataset.running === "1") {
    var base = Number(timer.dataset.elapsed || 0);
    var started = Date.now();
    var show = function () {
      var total = base + Math.floor((Date.now() - started) / 1000);
      var h = Math.floor(total / 3600);
      var m = Math.floor((total % 3600) / 60);
      var s = total % 60;
      timer.textContent = h + ":" + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    };
    window.setInterval(show, 1000);
  }
})();
