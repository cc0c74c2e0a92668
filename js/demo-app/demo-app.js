// The built-in demo app: a small CRM-style page using only the published SCAPI surface
// (callback style), so it runs on Genesys's client library as well as on ours.
(function () {
  "use strict";
  var service = window.genesys.wwe.service;
  var byId = function (testid) { return document.querySelector('[data-testid="' + testid + '"]'); };
  var interactions = {};
  var pendingStartup = 3;
  var LOG_LIMIT = 100;
  // Which call-control buttons a card offers, from what SCAPI tells the app about the interaction:
  // the capabilities the desktop lists for it (outbound campaign calls carry them), else its state.
  var CALL_CONTROL_BY_STATE = {
    RINGING: ["answer", "hangup"],
    DIALING: ["hangup"],
    TALKING: ["hold", "hangup"],
    HELD: ["resume", "hangup"],
    IDLE: ["markdone"],
  };
  var CALL_CONTROL_BY_CAPABILITY = { HOLD: "hold", RESUME: "resume", HANGUP: "hangup", MARK_DONE: "markdone" };
  // Recording can be driven while the call is connected (TALKING or HELD), by its recordingState.
  var RECORDING_BY_STATE = {
    STOPPED: ["rec-start"],
    RECORDING: ["rec-pause", "rec-stop"],
    PAUSED: ["rec-resume", "rec-stop"],
  };
  var CONNECTED = ["TALKING", "HELD"];
  var LIVE_CALL = ["RINGING", "DIALING", "TALKING", "HELD"];
  // Open media (chat, email, workitem) waits to be accepted while INVITED or CREATED; later it may be marked done.
  var NOT_YET_ACCEPTED = ["INVITED", "CREATED"];

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "testid") node.dataset.testid = props[key];
      else if (key === "text") node.textContent = props[key];
      else if (key === "onclick") node.addEventListener("click", props[key]);
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function fail(response) {
    byId("error").textContent = typeof response === "string" ? response : response.errorMessage;
  }

  function ok() {
    byId("error").textContent = "";
  }

  function startupStep() {
    pendingStartup -= 1;
    if (pendingStartup === 0) byId("ready").textContent = "yes";
  }

  function refreshState() {
    service.agent.getState(function (response) {
      byId("agent-state").textContent = response.data.displayName;
    }, fail);
  }

  function button(testid, label, action) {
    return el("button", { type: "button", testid: testid, text: label, onclick: action });
  }

  function isVoice(item) {  // only calls carry a callUuid and a recordingState
    return item.callUuid !== undefined || item.recordingState !== undefined;
  }

  // The buttons valid for the interaction now (their test-id prefixes).
  function validActions(item) {
    var actions;
    if (Array.isArray(item.capabilities)) {
      actions = item.capabilities.map(function (c) { return CALL_CONTROL_BY_CAPABILITY[c]; }).filter(Boolean);
    } else if (isVoice(item)) {
      actions = (CALL_CONTROL_BY_STATE[item.state] || []).slice();
    } else {
      actions = NOT_YET_ACCEPTED.indexOf(item.state) < 0 ? ["markdone"] : [];
    }
    if (isVoice(item) && CONNECTED.indexOf(item.state) >= 0) {
      actions = actions.concat(RECORDING_BY_STATE[item.recordingState] || []);
    }
    if (isVoice(item) ? LIVE_CALL.indexOf(item.state) >= 0 : item.state !== "IDLE") {
      actions.push("ud");  // attached data may change while the interaction is live
    }
    return actions;
  }

  function card(item) {
    var id = item.interactionId;
    var valid = validActions(item);
    var parties = (item.parties || []).map(function (p) { return p.name; }).join(", ");
    var rows = Object.keys(item.userData || {}).filter(function (k) { return k.indexOf("IW_") !== 0; }).map(function (key) {
      var value = item.userData[key];
      return el("tr", {}, [el("td", { text: key }), el("td", { text: typeof value === "string" ? value : JSON.stringify(value) })]);
    });
    var call = function (fn) { return function () { fn(id, ok, fail); }; };
    var offer = function (action, label, handler) {
      return valid.indexOf(action) >= 0 ? button(action + "-" + id, label, handler) : null;
    };
    var row = function (children) {
      children = children.filter(Boolean);
      return children.length ? el("div", { class: "row" }, children) : null;
    };
    var recording = [
      offer("rec-start", "Start", call(service.voice.startCallRecording)),
      offer("rec-pause", "Pause", call(service.voice.pauseCallRecording)),
      offer("rec-resume", "Resume", call(service.voice.resumeCallRecording)),
      offer("rec-stop", "Stop", call(service.voice.stopCallRecording)),
    ].filter(Boolean);
    var dataEditor = null;
    if (valid.indexOf("ud") >= 0) {
      var keyInput = el("input", { testid: "ud-key-" + id, placeholder: "key", size: "10", "aria-label": "key" });
      var valueInput = el("input", { testid: "ud-value-" + id, placeholder: "value", size: "10", "aria-label": "value" });
      dataEditor = row([
        keyInput,
        valueInput,
        button("ud-set-" + id, "Set data", function () {
          var data = {};
          data[keyInput.value] = valueInput.value;
          service.interaction.setUserData(id, data, ok, fail);
        }),
        button("ud-delete-" + id, "Delete key", function () {
          service.interaction.deleteUserData(id, keyInput.value, ok, fail);
        }),
      ]);
    }
    return el("div", { class: "card", testid: "interaction-" + id, "data-state": item.state }, [
      el("div", { class: "row" }, [
        el("strong", { text: "#" + id }),
        el("span", { class: "badge", text: item.state }),
        el("span", { class: "muted", text: [item.direction, item.callType, parties].filter(Boolean).join(" · ") }),
        item.recordingState ? el("span", { class: "muted", text: "rec: " + item.recordingState }) : null,
      ]),
      rows.length ? el("table", {}, rows) : null,
      row([
        offer("answer", "Answer", call(service.voice.answer)),
        offer("hold", "Hold", call(service.voice.hold)),
        offer("resume", "Resume", call(service.voice.resume)),
        offer("hangup", "Hang up", call(service.voice.hangUp)),
        offer("markdone", "Mark done", call(service.interaction.markdone)),
      ]),
      recording.length ? row([el("span", { class: "muted", text: "Recording:" })].concat(recording)) : null,
      dataEditor,
    ]);
  }

  function renderInteractions() {
    var list = byId("interactions");
    var ids = Object.keys(interactions);
    list.replaceChildren.apply(list, ids.length ? ids.map(function (id) { return card(interactions[id]); })
      : [el("p", { class: "muted", text: "No interactions yet: dial, or let a call come in." })]);
  }

  function logEvent(message) {
    var data = message.data || {};
    var state = data.interaction ? " " + data.interaction.state : "";
    var log = byId("event-log");
    log.insertBefore(el("li", { text: message.event + " " + (data.eventType || "") + state }), log.firstChild);
    while (log.childNodes.length > LOG_LIMIT) log.removeChild(log.lastChild);
  }

  function onEvent(message) {
    logEvent(message);
    var data = message.data || {};
    if (message.event === "agent") refreshState();
    if (message.event === "interaction" && data.interaction) {
      if (data.eventType === "REMOVED") delete interactions[data.interaction.interactionId];
      else interactions[data.interaction.interactionId] = data.interaction;
      renderInteractions();
    }
    if (message.event === "system" && data.eventType === "CUSTOM_TOAST_BUTTON_CLICK") {
      byId("toast-click").textContent = data.customToastId + " button " + data.buttonIndex;
    }
  }

  byId("set-state").addEventListener("click", function () {
    service.agent.setState(byId("state-select").value, ok, fail);
  });
  byId("dial").addEventListener("click", function () {
    var key = byId("dial-key").value;
    var number = byId("dial-number").value;
    if (key) {
      var data = {};
      data[key] = byId("dial-value").value;
      service.voice.dial(number, data, ok, fail);
    } else {
      service.voice.dial(number, ok, fail);
    }
  });
  byId("toast").addEventListener("click", function () {
    service.system.popupToast({
      title: byId("toast-title").value,
      iconUrl: "",
      message: byId("toast-message").value,
      buttons: ["Call back", "Later"],
    }, function (response) {
      ok();
      byId("toast-id").textContent = response.data;
    }, fail);
  });

  service.subscribe(["agent", "interaction", "media", "system", "markdone", "outbound"], onEvent);
  service.agent.get(function (response) {
    byId("status").textContent = "connected as " + response.data.firstname + " " + response.data.lastname;
    startupStep();
  }, function (response) {
    byId("status").textContent = "not connected: " + (typeof response === "string" ? response : response.errorMessage);
  });
  service.agent.getStateList(function (response) {
    var select = byId("state-select");
    response.data.forEach(function (state) {
      select.appendChild(el("option", { value: state.operationName, text: state.displayName }));
    });
    startupStep();
  }, fail);
  service.interaction.getInteractions(function (response) {
    response.data.forEach(function (item) { interactions[item.interactionId] = item; });
    renderInteractions();
    startupStep();
  }, fail);
  refreshState();
  renderInteractions();
})();
