/* glutemed page behaviour: hold and rest timers with a Web Audio beep, and the CSRF header
 * for htmx requests. Everything here is an enhancement: every form also works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // --- CSRF: htmx requests carry the token from <meta name="csrf-token"> -----------------
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content"); }
  });

  // --- "Go back" links (a javascript: URL would be inline script, which the CSP forbids) --
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-back]");
    if (link && window.history.length > 1) { event.preventDefault(); window.history.back(); }
  });

  // --- sound: a short synthesised beep, no audio file ------------------------------------
  var audio = null;
  function beep(durationS, frequencyHz) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = frequencyHz || 880;
      gain.gain.setValueAtTime(0.0001, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.4, audio.currentTime + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + durationS);
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + durationS + 0.05);
      window.glutemedBeeps = (window.glutemedBeeps || 0) + 1;  // lets browser tests see it
    } catch (e) { /* no audio available: the visual timer still works */ }
  }

  function fmt(seconds) {
    var s = Math.max(0, Math.ceil(seconds - 0.05));
    var m = Math.floor(s / 60);
    return m + ":" + String(s % 60).padStart(2, "0");
  }

  // --- one timer widget ---------------------------------------------------------------------
  function Timer(root) {
    this.root = root;
    this.kind = root.dataset.timer;                       // "hold" or "rest"
    this.readyS = parseInt(root.dataset.readyS || "5", 10);
    this.targetS = parseInt(root.dataset.holdS || root.dataset.restS || "30", 10);
    this.clock = root.querySelector(".clock");
    this.phase = root.querySelector(".phase");
    this.status = root.querySelector("[role=status]");
    this.handle = null;
    var self = this;
    root.querySelectorAll("[data-start]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        if (btn.dataset.holdS) { self.targetS = parseInt(btn.dataset.holdS, 10); }
        self.start(btn.dataset.start || "");
      });
    });
    var stop = root.querySelector("[data-stop]");
    if (stop) { stop.addEventListener("click", function () { self.stop(true); }); }
    this.show(this.targetS, this.kind === "hold" ? "Ready when you are" : "Rest");
    if (root.dataset.autostart === "true") { this.start(""); }
  }
  Timer.prototype.show = function (seconds, phase) {
    this.clock.textContent = fmt(seconds);
    if (phase !== undefined && this.phase.textContent !== phase) {
      this.phase.textContent = phase;
      if (this.status) { this.status.textContent = phase; }
    }
  };
  Timer.prototype.start = function (side) {
    this.stop(false);
    this.side = side;
    this.heldS = 0;          // a new hold starts from nothing, never from the last one
    this.lastCount = null;
    this.root.classList.remove("done");
    var self = this;
    var t0 = performance.now();
    var sideLabel = side ? " (" + side + ")" : "";
    if (this.kind === "rest") { self.root.classList.remove("ready"); }
    this.handle = window.setInterval(function () {
      var elapsed = (performance.now() - t0) / 1000;
      if (self.kind === "rest") {
        var left = self.targetS - elapsed;
        self.show(left, "Resting");
        if (left <= 0) { self.finish("Rest over: next set"); }
        return;
      }
      if (elapsed < self.readyS) {
        self.root.classList.add("ready");
        var count = Math.ceil(self.readyS - elapsed);
        if (count !== self.lastCount) { beep(0.08, 660); self.lastCount = count; }
        self.show(self.readyS - elapsed, "Get ready" + sideLabel);
        return;
      }
      self.root.classList.remove("ready");
      self.heldS = elapsed - self.readyS;
      self.show(self.targetS - self.heldS, "Hold" + sideLabel);
      if (self.heldS >= self.targetS) { self.heldS = self.targetS; self.finish("Done" + sideLabel); }
    }, 100);
  };
  Timer.prototype.finish = function (phase) {
    window.clearInterval(this.handle); this.handle = null;
    this.root.classList.add("done");
    this.show(0, phase);
    beep(0.6, 988);
    this.record();
  };
  Timer.prototype.stop = function (record) {
    if (this.handle === null) { return; }
    window.clearInterval(this.handle); this.handle = null;
    if (this.kind === "hold" && !(this.heldS > 0)) {
      // Stopped during "Get ready": nothing was held, so leave the form as it was.
      this.root.classList.remove("ready");
      this.show(this.targetS, "Stopped before the hold began");
      return;
    }
    this.show(this.kind === "hold" ? this.heldS : 0,
      this.kind === "hold" ? "Stopped: held " + Math.round(this.heldS) + " s" : "Stopped");
    if (record) { this.record(); }
  };
  // After a hold, put the seconds held and the side into the set's log form.
  Timer.prototype.record = function () {
    if (this.kind !== "hold") { return; }
    var form = document.getElementById(this.root.dataset.form);
    if (!form) { return; }
    var hold = form.querySelector('[name="hold_s"]');
    if (hold) { hold.value = Math.round(this.heldS || 0); }
    if (this.side) {
      var radio = form.querySelector('[name="side"][value="' + this.side + '"]');
      if (radio) { radio.checked = true; }
    }
  };

  // --- steppers: +/- buttons beside number inputs ------------------------------------------
  function wireSteppers(scope) {
    scope.querySelectorAll("[data-step]").forEach(function (btn) {
      if (btn.dataset.wired) { return; }
      btn.dataset.wired = "1";
      btn.addEventListener("click", function () {
        var input = document.getElementById(btn.dataset.for);
        var step = parseFloat(btn.dataset.step);
        var value = parseFloat(input.value || "0") + step;
        var min = input.min === "" ? -Infinity : parseFloat(input.min);
        input.value = String(Math.max(min, Math.round(value * 100) / 100));
      });
    });
  }

  function init(scope) {
    var timers = Array.prototype.slice.call(scope.querySelectorAll("[data-timer]"));
    if (scope.matches && scope.matches("[data-timer]")) { timers.push(scope); }
    timers.forEach(function (el) {
      if (!el.dataset.wired) { el.dataset.wired = "1"; el.timer = new Timer(el); }
    });
    wireSteppers(scope);
  }
  // After a set is logged in place, offer the other side next (left, then right).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form.classList || !form.classList.contains("log-form")) {
      return;
    }
    var sides = form.querySelectorAll('[name="side"][type="radio"]');
    for (var i = 0; i < sides.length; i += 1) {
      if (sides[i].checked) { sides[(i + 1) % sides.length].checked = true; break; }
    }
    // Each set is answered afresh: clear the technique checks, where it was felt, the
    // warning signs and the note, so last set's answers are never sent again unread.
    form.querySelectorAll('input[name^="check:"], input[name="felt_in"], input[name="red_flags"]')
      .forEach(function (input) { input.checked = false; });
    var note = form.querySelector('[name="note"]');
    if (note) { note.value = ""; }
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  window.glutemedBeep = beep;
})();
