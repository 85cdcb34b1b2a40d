/* glutemed page behaviour: hold and rest timers with a Web Audio beep (and a vibration, and
 * the screen kept awake where the browser allows), the CSRF header for htmx requests, and,
 * in single-person mode, the offline queue: a set logged without a connection is kept on
 * the phone with its own id (client_id) and the target it was shown, and sent, in order,
 * when the connection returns. Everything here is an enhancement: every form also works
 * without it. */
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
  // --- the screen stays on while a timer runs (Wake Lock API, where the browser has it) ----
  var wake = { sentinel: null, running: 0 };
  window.glutemedWake = wake;  // lets browser tests see it
  function keepAwake() {
    wake.running += 1;
    requestWake();
  }
  function requestWake() {
    if (wake.sentinel || !navigator.wakeLock || document.visibilityState !== "visible") { return; }
    navigator.wakeLock.request("screen").then(function (sentinel) {
      wake.sentinel = sentinel;
      sentinel.addEventListener("release", function () { wake.sentinel = null; });
      if (wake.running === 0) { releaseWake(); }
    }).catch(function () { /* refused (battery saver, no permission): timers still run */ });
  }
  function releaseWake() {
    if (wake.sentinel) { wake.sentinel.release(); wake.sentinel = null; }
  }
  function letSleep() {
    wake.running = Math.max(0, wake.running - 1);
    if (wake.running === 0) { releaseWake(); }
  }
  // The browser drops the lock when the page is hidden; take it again on return.
  document.addEventListener("visibilitychange", function () {
    if (wake.running > 0 && document.visibilityState === "visible") { requestWake(); }
  });

  function buzz(pattern) {
    if (navigator.vibrate) {
      try { navigator.vibrate(pattern); } catch (e) { /* not allowed here: the beep remains */ }
    }
  }

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
    keepAwake();
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
    letSleep();
    this.root.classList.add("done");
    this.show(0, phase, this.kind === "hold" ? "Held " + words(this.heldS) : "Rest over");
    beep(0.6, 988);
    buzz(this.kind === "hold" ? [400, 150, 400] : [250]);
    this.record();
  };
  Timer.prototype.stop = function (record) {
    if (this.handle === null) { return; }
    window.clearInterval(this.handle); this.handle = null;
    this.running(false, "");
    letSleep();
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
    wireForms(scope);
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
  // No answer came back. In single-person mode the set is kept on the phone (below); in
  // clinic mode (no offline queue) the alert says so.
  document.addEventListener("htmx:sendError", function (event) {
    if (offlineMode && isLogForm(event.detail.elt)) { return; }
    var box = alertBox(event.detail.elt);
    if (box) {
      box.innerHTML = '<div class="notice error"><p>The set was not saved: glutemed could ' +
        "not be reached. Check the connection and log it again.</p></div>";
    }
  });
  // After a set is logged in place: each set is answered afresh, so last set's checks,
  // where it was felt, the warning signs and the note are cleared and never sent again
  // unread; the form gets a new id for its next set.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !isLogForm(form)) { return; }
    reachable = true;
    afterLogged(form, false);
    // A set refused before leaves its messages beside the fields; this one was stored.
    form.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
  });
  // The answer swapped in the side offered next: the target sent with the next set follows.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("form.log-form").forEach(function (form) { showTarget(form); });
  });

  // After a set is logged (in place, or kept on the phone), offer the other side next
  // (left, then right), and give the form a new id for its next set.
  // Online, the server's answer already swapped in the side offered next (and its target);
  // kept on the phone, the page offers the other side itself.
  function afterLogged(form, offline) {
    freshId(form);
    if (form.classList.contains("quick-form")) { return; }
    var sides = form.querySelectorAll('[name="side"][type="radio"]');
    for (var i = 0; offline && i < sides.length; i += 1) {
      if (sides[i].checked) { sides[(i + 1) % sides.length].checked = true; break; }
    }
    showTarget(form);
    clearInvalid(form);
    var all = form.querySelector('input[name="checks_all"]');
    if (all) { all.checked = false; }
    // Each set is answered afresh: clear the technique checks, where it was felt, the
    // warning signs and the note, so last set's answers are never sent again unread.
    form.querySelectorAll('input[name^="check:"], input[name="felt_in"], input[name="red_flags"]')
      .forEach(function (input) { input.checked = false; });
    var note = form.querySelector('[name="note"]');
    if (note) { note.value = ""; }
  }

  // The full log form of an exercise, or one of its one-tap "Done" forms.
  function isLogForm(form) {
    return Boolean(form && form.classList &&
      (form.classList.contains("log-form") || form.classList.contains("quick-form")));
  }

  // --- each set's own id, and the target it was shown ---------------------------------
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);  // crypto.randomUUID needs HTTPS; this does not
    return Array.prototype.map.call(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }
  function freshId(form) {
    var input = form.querySelector('[name="client_id"]');
    if (input) { input.value = newId(); }
  }
  // The target of the side chosen: sent with the set, so it is stored as it was shown.
  function showTarget(form) {
    var side = form.querySelector('[name="side"]:checked') ||
      form.querySelector('[name="side"][type="hidden"]');
    if (!side || !side.dataset || side.dataset.targetReps === undefined) { return; }
    [["target_reps", "targetReps"], ["target_hold_s", "targetHoldS"],
     ["target_load_kg", "targetLoadKg"]].forEach(function (pair) {
      var input = form.querySelector('[name="' + pair[0] + '"]');
      if (!input) { return; }
      input.value = side.dataset[pair[1]] || "";
      input.disabled = input.value === "";
    });
  }
  function wireForms(scope) {
    scope.querySelectorAll("form.log-form, form.quick-form").forEach(function (form) {
      if (form.dataset.idWired) { return; }
      form.dataset.idWired = "1";
      freshId(form);
      showTarget(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "side") { showTarget(form); }
      });
    });
  }

  // --- the offline queue (single-person mode) ---------------------------------------------
  var QUEUE_KEY = "glutemed-outbox-v1";
  var offlineMode = document.documentElement.dataset.offline === "on";
  function readQueue() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]"); }
    catch (e) { return []; }
  }
  function writeQueue(queue) {
    window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
    window.glutemedQueue = queue;  // lets browser tests see it
  }

  // Today's date where the person lives (the server's "today" for them), not the phone's.
  function todayIn(timezone) {
    try {
      var parts = new Intl.DateTimeFormat("en-CA", {
        timeZone: timezone || "UTC", year: "numeric", month: "2-digit", day: "2-digit"
      }).formatToParts(new Date());
      var get = function (type) {
        return parts.filter(function (p) { return p.type === type; })[0].value;
      };
      return get("year") + "-" + get("month") + "-" + get("day");
    } catch (e) { return new Date().toISOString().slice(0, 10); }
  }

  function describe(form, fields) {
    var value = function (name) {
      var hit = fields.filter(function (f) { return f[0] === name; })[0];
      return hit ? hit[1] : "";
    };
    var dose = value("reps") ? value("reps") + " reps" : value("hold_s") + " s";
    var side = value("side") && value("side") !== "both" ? value("side") + " · " : "";
    return (form.dataset.name || value("variant_id")) + ": " + side + dose;
  }

  // Keep a set on the phone: the form as it was, with its id, its target and its date.
  function enqueue(form, fields) {
    var outbox = document.getElementById("outbox");
    var timezone = outbox ? outbox.dataset.timezone : "UTC";
    var kept = fields.filter(function (f) {
      return ["csrf_token", "rest_s", "entry_index", "date"].indexOf(f[0]) < 0;
    });
    kept.push(["date", todayIn(timezone)]);
    var id = (kept.filter(function (f) { return f[0] === "client_id"; })[0] || [])[1];
    if (!id) { id = newId(); kept.push(["client_id", id]); }
    var queue = readQueue();
    if (queue.some(function (item) { return item.id === id; })) { return; }  // kept already
    queue.push({ id: id, url: form.getAttribute("action"), fields: kept,
                 label: describe(form, kept), state: "waiting",
                 at: new Date().toISOString() });
    writeQueue(queue);
  }

  function formFields(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, String(value)]); });
    return fields;
  }

  // Logged without a connection: what the page shows instead of the server's answer.
  function keptOnPhone(form) {
    var result = document.getElementById("result-" + form.dataset.entry);
    var rest = (form.querySelector('[name="rest_s"]') || {}).value;
    if (result) {
      result.innerHTML = "";
      var note = document.createElement("div");
      note.className = "notice ok";
      note.setAttribute("role", "status");
      note.innerHTML = "<p>Kept on this phone: it will be sent when the connection returns.</p>";
      note.dataset.kept = (form.querySelector('[name="client_id"]') || {}).value || "";
      result.appendChild(note);
      if (rest && parseInt(rest, 10) > 0) { result.appendChild(restTimer(parseInt(rest, 10))); }
      init(result);
    }
    var legend = document.getElementById("legend-" + form.dataset.entry);
    var index = document.getElementById("setidx-" + form.dataset.entry);
    if (legend && index) {
      index.value = String(parseInt(index.value || "1", 10) + 1);
      legend.textContent = "Log set " + index.value;
    }
  }
  function restTimer(seconds) {
    var box = document.createElement("div");
    box.className = "timer js-only";
    box.dataset.timer = "rest";
    box.dataset.restS = String(seconds);
    box.dataset.autostart = "true";
    box.innerHTML = '<div class="phase">Rest</div><div class="clock" aria-hidden="true"></div>' +
      '<p role="status" class="visually-hidden"></p><div class="inline">' +
      '<button type="button" data-start="">Restart rest</button>' +
      '<button type="button" data-stop>Skip rest</button></div>';
    return box;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!offlineMode || !isLogForm(form)) { return; }
    if (navigator.onLine === false) {
      event.preventDefault();  // no request: the set waits on the phone
      enqueue(form, formFields(form));
      keptOnPhone(form);
      afterLogged(form, true);
      renderOutbox();
    }
  });
  // The request left but no answer came back (the signal dropped on the way): keep the set
  // with the same id. If the server did store it, sending it again stores nothing.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (!offlineMode || !isLogForm(form)) { return; }
    reachable = false;
    enqueue(form, formFields(form));
    keptOnPhone(form);
    afterLogged(form, true);
    renderOutbox();
    window.setTimeout(sync, RETRY_MS);
  });

  function messageOf(html, status) {
    try {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var alert = doc.querySelector("[role=alert]") || doc.querySelector(".notice.error");
      if (alert && alert.textContent.trim()) { return alert.textContent.trim(); }
      var detail = JSON.parse(html).detail;
      if (detail) { return typeof detail === "string" ? detail : JSON.stringify(detail); }
    } catch (e) { /* not HTML or JSON: fall through */ }
    return "refused (" + status + ")";
  }

  var sent = [];
  // navigator.onLine only knows whether there is a network at all (a gym's Wi-Fi with no way
  // out counts as "online"), so a request that failed also counts as no connection, until
  // one gets through.
  var reachable = true;
  function connected() { return navigator.onLine !== false && reachable; }
  function renderOutbox() {
    var outbox = document.getElementById("outbox");
    if (!outbox) { return; }
    var queue = readQueue();
    window.glutemedQueue = queue;
    outbox.hidden = queue.length === 0 && sent.length === 0 && connected();
    var waiting = queue.filter(function (i) { return i.state === "waiting"; }).length;
    outbox.querySelector(".connection").textContent = !connected()
      ? "No connection. Sets you log are kept on this phone (" + waiting + " waiting) and sent " +
        "when the connection returns."
      : (waiting ? "Sending " + waiting + " set" + (waiting === 1 ? "" : "s") + "…" : "");
    var list = outbox.querySelector(".waiting");
    list.innerHTML = "";
    queue.forEach(function (item) {
      var li = document.createElement("li");
      li.className = item.state;
      li.dataset.clientId = item.id;
      var when = new Date(item.at);
      var text = document.createElement("span");
      text.textContent = (item.state === "refused" ? "Not stored: " : "Waiting to send: ") +
        item.label + " (logged " + when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + ")";
      li.appendChild(text);
      if (item.state === "refused") {
        var reason = document.createElement("p");
        reason.className = "reason";
        reason.textContent = item.reason;
        li.appendChild(reason);
        var dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "secondary";
        dismiss.textContent = "Dismiss";
        dismiss.addEventListener("click", function () {
          writeQueue(readQueue().filter(function (i) { return i.id !== item.id; }));
          renderOutbox();
        });
        li.appendChild(dismiss);
      }
      list.appendChild(li);
    });
    var box = outbox.querySelector(".sent");
    box.innerHTML = "";
    sent.forEach(function (done) {
      var item = document.createElement("div");
      item.className = "sent-item";
      item.dataset.clientId = done.id;
      var head = document.createElement("p");
      head.innerHTML = "<strong>Sent:</strong> ";
      head.appendChild(document.createTextNode(done.label));
      item.appendChild(head);
      var answer = document.createElement("div");
      answer.innerHTML = done.html;  // the server's own answer: the decision about the set
      item.appendChild(answer);
      box.appendChild(item);
    });
  }

  function freshToken() {
    return fetch("/api/v1/csrf", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var meta = document.querySelector('meta[name="csrf-token"]');
        if (meta) { meta.setAttribute("content", body.csrf_token); }
        return body.csrf_token;
      });
  }

  var syncing = false;
  // Send the waiting sets one at a time, oldest first; stop at the first that cannot get
  // through (still offline, server busy), so they stay in order for the next try.
  function sync() {
    if (!offlineMode || syncing || navigator.onLine === false) { return Promise.resolve(); }
    var pending = readQueue().filter(function (i) { return i.state === "waiting"; });
    if (!pending.length) { renderOutbox(); return Promise.resolve(); }
    syncing = true;
    renderOutbox();
    return freshToken().then(function (token) {
      reachable = true;
      var next = function (index) {
        if (index >= pending.length) { return null; }
        var item = pending[index];
        var body = new URLSearchParams();
        item.fields.forEach(function (f) { body.append(f[0], f[1]); });
        body.append("csrf_token", token);
        return fetch(item.url, {
          method: "POST", body: body, credentials: "same-origin",
          headers: { "HX-Request": "true", "X-CSRF-Token": token }
        }).then(function (response) {
          return response.text().then(function (html) {
            if (response.status >= 500 || response.status === 429 || response.status === 403) {
              return null;  // busy, or the session changed: try again later, in order
            }
            var queue = readQueue();
            if (response.ok) {
              sent.push({ id: item.id, label: item.label, html: html });
              document.querySelectorAll('[data-kept="' + item.id + '"] p').forEach(function (p) {
                p.textContent = "Sent: the answer is under \u201cSets on this phone\u201d.";
              });
              queue = queue.filter(function (i) { return i.id !== item.id; });
            } else {
              queue.forEach(function (i) {
                if (i.id === item.id) { i.state = "refused"; i.reason = messageOf(html, response.status); }
              });
            }
            writeQueue(queue);
            renderOutbox();
            return next(index + 1);
          });
        });
      };
      return next(0);
    }).catch(function () {
      // No answer: the sets stay queued, in order; try again soon.
      reachable = false;
      window.setTimeout(sync, RETRY_MS);
    }).then(function () { syncing = false; renderOutbox(); });
  }
  var RETRY_MS = 4000;
  window.glutemedSync = sync;
  window.addEventListener("online", function () { reachable = true; sync(); });
  window.addEventListener("offline", function () { renderOutbox(); });
  window.setInterval(function () { if (readQueue().length) { sync(); } }, 15000);

  if (offlineMode && "serviceWorker" in navigator) {
    // Keeps today's page for offline use; needs HTTPS or this computer (browsers allow
    // service workers only in a secure context). Without it the queue still works while
    // the page stays open.
    navigator.serviceWorker.register("/sw.js").catch(function () { /* not allowed here */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    renderOutbox();
    sync();
  });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  window.glutemedBeep = beep;
})();
