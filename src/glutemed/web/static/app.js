/* glutemed page behaviour: hold and rest timers with a Web Audio beep, the CSRF header for
 * htmx requests, the log form's in-place answers and errors. Everything here is an
 * enhancement: every form also works without it. */
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

  function whole(seconds) { return Math.max(0, Math.ceil(seconds - 0.05)); }
  function fmt(seconds) {
    var s = whole(seconds);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  // The clock as words, for its accessible name ("1 minute 5 seconds").
  function words(seconds) {
    var s = whole(seconds), m = Math.floor(s / 60), r = s % 60, parts = [];
    if (m) { parts.push(m + (m === 1 ? " minute" : " minutes")); }
    if (r || !m) { parts.push(r + (r === 1 ? " second" : " seconds")); }
    return parts.join(" ");
  }
  var WARN_AT_S = 10;      // "10 seconds left" is said once, for holds and rests of 20 s or more

  // --- one timer widget ---------------------------------------------------------------------
  // The phase line is the timer's only live region (role=status), so each phase is announced
  // once; the clock is a role=timer whose name says the time left, for a screen reader to
  // read whenever asked (it is not live: a count every second would drown everything else).
  function Timer(root) {
    this.root = root;
    this.kind = root.dataset.timer;                       // "hold" or "rest"
    this.readyS = parseInt(root.dataset.readyS || "5", 10);
    this.targetS = parseInt(root.dataset.holdS || root.dataset.restS || "30", 10);
    this.clock = root.querySelector(".clock");
    this.phase = root.querySelector(".phase");
    this.handle = null;
    var self = this;
    this.starts = Array.prototype.slice.call(root.querySelectorAll("[data-start]"));
    this.starts.forEach(function (btn) {
      btn.dataset.label = btn.textContent;
      btn.addEventListener("click", function () {
        // A hold that is running is stopped by any of its buttons, never restarted from 0.
        if (self.kind === "hold" && self.handle !== null) { self.stop(true); return; }
        if (btn.dataset.holdS) { self.targetS = parseInt(btn.dataset.holdS, 10); }
        self.start(btn.dataset.start || "");
      });
    });
    var stop = root.querySelector("[data-stop]");
    if (stop) { stop.addEventListener("click", function () { self.stop(true); }); }
    if (root.dataset.autostart === "true") { this.start(""); }
    else { this.show(this.targetS, undefined, this.label(this.targetS, "to hold")); }
  }
  Timer.prototype.label = function (seconds, what) {
    return (this.kind === "hold" ? "Hold: " : "Rest: ") + words(seconds) + " " + what;
  };
  Timer.prototype.show = function (seconds, phase, label) {
    var text = fmt(seconds);
    if (this.clock.textContent !== text) { this.clock.textContent = text; }
    if (label && this.clock.getAttribute("aria-label") !== label) {
      this.clock.setAttribute("aria-label", label);
    }
    if (phase !== undefined && this.phase.textContent !== phase) { this.phase.textContent = phase; }
  };
  Timer.prototype.running = function (on, sideLabel) {
    if (this.kind !== "hold") { return; }
    this.starts.forEach(function (btn) {
      btn.textContent = on ? "Stop hold" + sideLabel : btn.dataset.label;
    });
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
    var warn = this.targetS >= 2 * WARN_AT_S;
    this.running(true, sideLabel);
    if (this.kind === "rest") { self.root.classList.remove("ready"); }
    function tick() {
      var elapsed = (performance.now() - t0) / 1000;
      if (self.kind === "rest") {
        var rest = self.targetS - elapsed;
        self.show(rest, warn && rest <= WARN_AT_S ? "Resting: " + WARN_AT_S + " seconds left"
          : "Resting", self.label(rest, "left"));
        if (rest <= 0) { self.finish("Rest over: next set"); }
        return;
      }
      if (elapsed < self.readyS) {
        self.root.classList.add("ready");
        var count = Math.ceil(self.readyS - elapsed);
        if (count !== self.lastCount) { beep(0.08, 660); self.lastCount = count; }
        self.show(self.readyS - elapsed, "Get ready" + sideLabel,
          "Get ready: the hold starts in " + words(self.readyS - elapsed));
        return;
      }
      self.root.classList.remove("ready");
      self.heldS = elapsed - self.readyS;
      var left = self.targetS - self.heldS;
      self.show(left, "Hold" + sideLabel + (warn && left <= WARN_AT_S ? ": " + WARN_AT_S +
        " seconds left" : ""), self.label(left, "left"));
      if (self.heldS >= self.targetS) { self.heldS = self.targetS; self.finish("Done" + sideLabel); }
    }
    tick();
    this.handle = window.setInterval(tick, 100);
  };
  Timer.prototype.finish = function (phase) {
    window.clearInterval(this.handle); this.handle = null;
    this.running(false, "");
    this.root.classList.add("done");
    this.show(0, phase, this.kind === "hold" ? "Held " + words(this.heldS) : "Rest over");
    beep(0.6, 988);
    this.record();
  };
  Timer.prototype.stop = function (record) {
    if (this.handle === null) { return; }
    window.clearInterval(this.handle); this.handle = null;
    this.running(false, "");
    if (this.kind === "hold" && !(this.heldS > 0)) {
      // Stopped during "Get ready": nothing was held, so leave the form as it was.
      this.root.classList.remove("ready");
      this.show(this.targetS, "Stopped before the hold began", this.label(this.targetS, "to hold"));
      return;
    }
    if (this.kind === "hold") {
      this.show(this.heldS, "Stopped: held " + Math.round(this.heldS) + " s",
        "Held " + words(this.heldS));
    } else {
      this.show(0, "Rest skipped", "Rest skipped");
    }
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
      if (radio) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      }
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

  // --- the log form -----------------------------------------------------------------------
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches) { return; }
    // The legend says which set of which side is logged next (set numbers count per side).
    if (input.matches('input[name="side"][data-legend]') && input.checked) {
      var legend = document.getElementById(input.dataset.legendFor);
      if (legend) { legend.textContent = input.dataset.legend; }
    }
    // "Yes to every check": one tap answers them all; a "no" afterwards unticks it, and
    // unticking it takes back the yeses it gave (blank is "not answered", never a pass).
    if (input.matches('input[name="checks_all"]')) {
      input.form.querySelectorAll('input[name^="check:"][value="yes"]').forEach(function (yes) {
        yes.checked = input.checked;
      });
    }
    if (input.matches('input[name^="check:"][value="no"]') && input.checked) {
      var all = input.form.querySelector('input[name="checks_all"]');
      if (all) { all.checked = false; }
    }
  });

  function alertBox(form) {
    return form && form.dataset && form.dataset.alert ? document.getElementById(form.dataset.alert)
      : null;
  }
  function clearInvalid(form) {
    form.querySelectorAll('[aria-invalid="true"]').forEach(function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
  }
  // A refused set (422 out of range, 403 expired page, 401 logged out...) is shown in the
  // form's alert area, which announces it; the field it names is marked invalid and tied
  // to the message. The form keeps every answer, so it can be corrected and sent again.
  function sender(event) { return event.detail.requestConfig && event.detail.requestConfig.elt; }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var box = alertBox(sender(event));
    var status = event.detail.xhr.status;
    if (!box || status < 400) { return; }
    event.detail.target = box;
    event.detail.shouldSwap = true;
    event.detail.isError = true;
    if (status >= 500 || event.detail.xhr.responseText.indexOf("notice error") < 0) {
      event.detail.serverResponse = '<div class="notice error"><p>The set was not saved: ' +
        "glutemed answered with an error (" + status + "). Try again in a moment.</p></div>";
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var form = sender(event);
    var box = alertBox(form);
    if (!box || event.target !== box) { return; }
    clearInvalid(form);
    box.querySelectorAll("[data-field]").forEach(function (problem) {
      var field = form.querySelector('[name="' + problem.dataset.field + '"]');
      if (field && field.type !== "hidden") {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", box.id);
      }
    });
  });
  document.addEventListener("htmx:sendError", function (event) {
    var box = alertBox(event.detail.elt);
    if (box) {
      box.innerHTML = '<div class="notice error"><p>The set was not saved: glutemed could ' +
        "not be reached. Check the connection and log it again.</p></div>";
    }
  });
  // After a set is logged in place: the server has already offered the next side and set
  // number; each set is answered afresh, so last set's checks, where it was felt, the
  // warning signs and the note are cleared and never sent again unread.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form.classList || !form.classList.contains("log-form")) {
      return;
    }
    clearInvalid(form);
    form.querySelectorAll('input[name^="check:"], input[name="checks_all"], ' +
      'input[name="felt_in"], input[name="red_flags"]')
      .forEach(function (input) { input.checked = false; });
    var note = form.querySelector('[name="note"]');
    if (note) { note.value = ""; }
    // A set refused before leaves its messages beside the fields; this one was stored.
    form.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  window.glutemedBeep = beep;
})();
