/*
 * scapi-client.js: a Service Client API (SCAPI) client for apps hosted by Agent Desktop.
 *
 * A drop-in for the globals of Genesys's published client (window.genesys.wwe.service):
 * the same namespaces, method names, callback signatures and wire messages, so an app
 * written for it runs unmodified. Additions:
 *  - every method returns a Promise when called without callbacks;
 *  - only messages from the desktop window (the one we post to) are accepted;
 *  - setHostOrigin(origin) posts to that origin instead of "*" (recommended);
 *  - setTimeout(ms) changes the 10 s request timeout.
 * Part of scapi-widget.
 */
(function (root) {
  "use strict";

  root.genesys = root.genesys || {};
  root.genesys.wwe = root.genesys.wwe || {};
  if (root.genesys.wwe.service) return;

  var PROTOCOL_VERSION = 2;
  var hostOrigin = "*";
  var timeoutMs = 10000;
  var targetWindow = null;
  var nextReferenceId = 0;
  var pending = {}; // referenceId -> {succeeded, failed, timer}
  var handlersByName = {}; // event name -> subscription
  var subscriptions = []; // [{names, callback, context, subscriptionId}]

  function hostWindow() {
    return targetWindow || root.opener || root.parent;
  }

  function post(message) {
    message.userAgent = "WWE Client";
    message.protocolVersion = PROTOCOL_VERSION;
    if (service.frameId !== undefined) message.frameId = service.frameId;
    hostWindow().postMessage(message, hostOrigin);
  }

  function settle(referenceId) {
    var entry = pending[referenceId];
    delete pending[referenceId];
    if (entry && entry.timer) clearTimeout(entry.timer);
    return entry;
  }

  function safely(fn, thisArg, arg, what) {
    try {
      fn.call(thisArg, arg);
    } catch (error) {
      if (root.console) root.console.error("scapi-client: error in " + what + ": " + error);
    }
  }

  /** Callbacks given: use them. None given: return a Promise of the same outcome. */
  function withOutcome(send, succeeded, failed) {
    if (succeeded || failed) return send(succeeded, failed);
    var promise = new Promise(function (resolve, reject) {
      send(resolve, function (failure) {
        var message = typeof failure === "string" ? failure : failure && failure.errorMessage;
        var error = new Error(message === undefined || message === "" ? "request failed" : String(message));
        error.response = typeof failure === "string" ? undefined : failure;
        reject(error);
      });
    });
    return promise;
  }

  /**
   * Send a raw SCAPI message. Returns its referenceId, or a Promise when no callbacks are given.
   * @param {object} message e.g. {request: "agent.get", parameters: []}
   */
  function sendMessage(message, succeeded, failed) {
    var referenceId;
    var send = function (ok, fail) {
      if (!message.referenceId) message.referenceId = "" + nextReferenceId++;
      referenceId = message.referenceId;
      if (ok || fail) {
        pending[referenceId] = {
          succeeded: ok,
          failed: fail,
          timer: setTimeout(function () {
            var entry = settle(referenceId);
            if (entry && entry.failed) safely(entry.failed, service, "Request timeout", "the failed callback");
          }, timeoutMs),
        };
      }
      post(message);
      return referenceId;
    };
    var result = withOutcome(send, succeeded, failed);
    return succeeded || failed ? referenceId : result;
  }

  function onResponse(data) {
    var entry = settle(data.referenceId);
    if (!entry) return;
    delete data.referenceId;
    if (data.errorMessage !== undefined) {
      if (entry.failed) safely(entry.failed, service, data, "the failed callback");
    } else if (entry.succeeded) {
      safely(entry.succeeded, service, data, "the success callback");
    }
  }

  function onEvent(data) {
    var subscription = handlersByName[data.event];
    if (subscription) safely(subscription.callback, subscription.context || root, data, "the " + data.event + " handler");
  }

  function receive(event) {
    var data = event.data;
    if (event.source !== hostWindow()) return;
    if (typeof data === "string") {
      if (data.indexOf("wwe") === 0 && typeof service.onMessage === "function") service.onMessage(data);
      return;
    }
    if (!data || typeof data.userAgent !== "string" || data.userAgent.indexOf("WWE") === -1) return;
    if (data.event) onEvent(data);
    else if (data.referenceId) onResponse(data);
    else if (data.frameId !== undefined) service.frameId = data.frameId;
  }

  function namesOf(events) {
    return Array.isArray(events) ? events.slice() : [events];
  }

  /** Subscribe `callback(message)` to one event name or an array of them. Chainable. */
  function subscribe(events, callback, context) {
    subscribeAsync(events, callback, context).catch(function () {
      if (root.console) root.console.error("scapi-client: cannot subscribe to " + events);
    });
    return service;
  }

  /** Like subscribe, but returns a Promise of the subscriptionId. */
  function subscribeAsync(events, callback, context) {
    return sendMessage({ event: "subscribe", data: events }).then(function (response) {
      var subscription = { names: namesOf(events), callback: callback, context: context, subscriptionId: response.subscriptionId };
      subscriptions.push(subscription);
      subscription.names.forEach(function (name) {
        handlersByName[name] = subscription;
      });
      return response.subscriptionId;
    });
  }

  /** Remove the subscription made with `callback` (every name of it). Chainable. */
  function unsubscribe(callback) {
    for (var i = subscriptions.length - 1; i >= 0; i--) {
      var subscription = subscriptions[i];
      if (subscription.callback !== callback) continue;
      subscriptions.splice(i, 1);
      subscription.names.forEach(function (name) {
        if (handlersByName[name] === subscription) delete handlersByName[name];
      });
      post({ event: "unsubscribe", data: subscription.subscriptionId, referenceId: "" + nextReferenceId++ });
    }
    return service;
  }

  function unload() {
    Object.keys(pending).forEach(settle);
    subscriptions = [];
    handlersByName = {};
    root.removeEventListener("message", receive, false);
  }

  /**
   * Declare a namespace method: `params` are its positional parameter names; a trailing "?"
   * marks an optional one (sent as null when missing). `shiftable` methods accept the success
   * callback in place of their optional second argument, as the published client does.
   */
  function method(name, params, shiftable) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      if (shiftable && typeof args[1] === "function") args.splice(1, 0, null);
      var values = args.slice(0, params.length);
      var succeeded = args[params.length];
      var failed = args[params.length + 1];
      var message = { request: name };
      if (params.length) {
        message.parameters = params.map(function (param, i) {
          return values[i] === undefined && param.slice(-1) === "?" ? null : values[i];
        });
      }
      var outcome = sendMessage(message, succeeded, failed);
      return succeeded || failed ? undefined : outcome;
    };
  }

  function namespace(prefix, table) {
    var result = {};
    Object.keys(table).forEach(function (key) {
      var spec = table[key];
      result[key] = method(prefix + "." + key, spec[0], spec[1]);
    });
    return result;
  }

  var ID = ["interactionId"];
  var NONE = [];
  var TRANSFER = ["interactionId", "targetQuery", "userData?", "extensions?"];

  var service = {
    version: "scapi-widget-client 1",
    frameId: undefined,
    onMessage: undefined,
    sendMessage: sendMessage,
    subscribe: subscribe,
    subscribeAsync: subscribeAsync,
    unsubscribe: unsubscribe,
    unload: unload,
    targetWWEWindow: function (win) {
      targetWindow = win;
    },
    setHostOrigin: function (origin) {
      hostOrigin = origin || "*";
    },
    setTimeout: function (ms) {
      timeoutMs = ms;
    },
  };

  service.agent = namespace("agent", {
    get: [NONE],
    getState: [NONE],
    getStateList: [NONE],
    setState: [["stateOperationName"]],
  });
  service.auth = namespace("auth", {
    getJwtToken: [NONE],
    getPureCloudToken: [["forceNewToken"]],
  });
  service.configuration = namespace("configuration", {
    getOption: [["options"]],
    getContextualOption: [["options", "interactionId"]],
  });
  service.email = namespace("email", { create: [["destination", "userData?"], true] });
  service.interaction = namespace("interaction", {
    getInteractions: [NONE],
    getByInteractionId: [ID],
    setUserData: [["interactionId", "keyValues"]],
    deleteUserData: [["interactionId", "key"]],
    selectCaseByCaseId: [["caseId"]],
    markdone: [ID],
    blockMarkdone: [["interactionId", "warningMessage"]],
    unblockMarkdone: [ID],
    accept: [ID],
    reject: [ID],
    consult: [TRANSFER],
    singleStepTransfer: [TRANSFER],
    singleStepConference: [TRANSFER],
    completeTransfer: [["consultInteractionId"]],
    completeConference: [["consultInteractionId"]],
  });
  service.media = namespace("media", {
    getMediaList: [NONE],
    getMediaByName: [["name"]],
    setState: [["name", "stateOperationName"]],
  });
  service.messenger = namespace("messenger", { broadcastMessage: [["channel", "message"]] });
  service.outbound = namespace("outbound", {
    getCampaigns: [NONE],
    getPreviewRecord: [["campaignName"]],
    callPreviewRecord: [["interactionId", "recordHandle"]],
    rejectPreviewRecord: [ID],
    cancelPreviewRecord: [ID],
    startDirectPushPreview: [NONE],
    stopDirectPushPreview: [NONE],
    rescheduleRecord: [["interactionId", "recordHandle", "rescheduleDate", "callbackType"]],
    cancelReschedule: [ID],
    getListOfCallResults: [NONE],
    setCallResult: [["interactionId", "callResult"]],
    getCallResult: [ID],
    setDoNotCall: [ID],
    removeDoNotCall: [ID],
    getChainedRecords: [ID],
    getRecordFields: [ID],
    updateRecordFields: [["interactionId", "recordData"]],
  });
  service.sipEndpoint = namespace("sipEndpoint", {
    isMicrophoneMute: [NONE],
    muteMicrophone: [NONE],
    unmuteMicrophone: [NONE],
    isSpeakerMute: [NONE],
    muteSpeaker: [NONE],
    unmuteSpeaker: [NONE],
  });
  service.system = namespace("system", {
    getAllowedServices: [NONE],
    triggerActivity: [NONE],
    popupToast: [["parameters"]],
    updateToast: [["id", "parameters"]],
    closeToast: [["id"]],
    openDialog: [["url", "options?"]],
    closeDialog: [["dialogId"]],
    updateViewInApplicationMenuBar: [["parameters"]],
    closeViewInApplicationMenuBar: [["name"]],
    amIVisible: [NONE],
    isFrameLeading: [NONE],
    isFrameFollowing: [NONE],
    isFrameNegotiating: [NONE],
    isFrameLeadingOrNegotiating: [NONE],
    isLastActiveFrame: [NONE],
  });
  service.voice = namespace("voice", {
    dial: [["destination", "userData?"], true],
    dialEx: [["destination", "userData?", "extensions?"]],
    answer: [ID],
    hangUp: [ID],
    hold: [ID],
    resume: [ID],
    startCallRecording: [ID],
    stopCallRecording: [ID],
    pauseCallRecording: [ID],
    resumeCallRecording: [ID],
  });

  root.addEventListener("message", receive, false);
  root.genesys.wwe.service = service;
})(typeof window !== "undefined" ? window : this);
