/*
 * scapi-client.js: Service Client API (SCAPI) client for web apps hosted by Agent Desktop
 * (or by the scapi-widget simulator). Part of scapi-widget.
 *
 * Load it as a classic script: <script src="scapi-client.js"></script>
 *
 * It defines window.genesys.wwe.service (unless something already defined it) with the
 * globals of Genesys's published client library: sendMessage, subscribe, unsubscribe,
 * targetWWEWindow, unload, the legacy onMessage hook, and the namespaces auth, agent,
 * interaction, voice, sipEndpoint, email, outbound, media, system, messenger and
 * configuration, whose methods all take (<params...>, succeeded, failed). The wire
 * messages are the same, so an app written for the published library runs unmodified.
 *
 * Differences and additions:
 *  - Promises: call a method (or sendMessage) without callbacks and it returns a Promise of
 *    the response envelope; it rejects with an Error whose .message is the errorMessage (or
 *    "Request timeout") and whose .response is the failure envelope (undefined on timeout).
 *    These promises are marked as handled, so a fire-and-forget call written for the
 *    published library does not produce "unhandled rejection" noise.
 *  - Security: only messages whose event.source is the desktop window (the window requests
 *    are posted to) are accepted; messages from any other window or frame are ignored.
 *  - setHostOrigin(origin): post to that origin instead of "*" and accept messages only
 *    from it. Recommended whenever the desktop origin is known.
 *  - setTimeout(ms): change the 10 000 ms request timeout (for tests).
 *  - subscribe() returns the service (chainable); subscribeAsync() returns a Promise of the
 *    subscriptionId.
 *  - A success callback may be given in place of any run of optional trailing parameters
 *    (the published library allows it for voice.dial and email.create only).
 */
(function (root) {
  "use strict";

  var genesys = (root.genesys = root.genesys || {});
  var wwe = (genesys.wwe = genesys.wwe || {});
  if (wwe.service) return;

  var VERSION = "scapi-widget-client 1";
  var USER_AGENT = "WWE Client";
  var PROTOCOL_VERSION = 2;
  var DEFAULT_TIMEOUT_MS = 10000;
  var TIMEOUT_MESSAGE = "Request timeout";

  /**
   * Every request of the API: namespace -> method -> parameter names; a trailing "?" marks an
   * optional parameter. The wire name is "<namespace>.<method>". js/build.mjs fills it in from
   * the package's request table (scapi_widget/wire/spec/requests.json).
   */
  var METHODS = __SCAPI_REQUESTS__;

  var hostOrigin = "*";
  var timeoutMs = DEFAULT_TIMEOUT_MS;
  var explicitTarget = null;
  var referenceCounter = 0;
  var frameId;
  var pending = new Map(); // referenceId -> {succeeded, failed, timer}
  var subscriptions = []; // active, oldest first: {names, callback, context, id}
  var pendingSubscriptions = []; // sent, not answered yet

  // ---------------------------------------------------------------- outgoing messages

  function isFunction(value) {
    return typeof value === "function";
  }

  function logError(text) {
    if (root.console && isFunction(root.console.error)) root.console.error("scapi-client: " + text);
  }

  /** The desktop window: set by targetWWEWindow, else the opener (popup), else the parent. */
  function hostWindow() {
    return explicitTarget || root.opener || root.parent;
  }

  function stamp(message) {
    if (!message.referenceId) message.referenceId = "" + referenceCounter++;
    message.userAgent = USER_AGENT;
    message.protocolVersion = PROTOCOL_VERSION;
    if (frameId !== undefined) message.frameId = frameId;
    return message;
  }

  function expectAnswer(referenceId, succeeded, failed) {
    var entry = { succeeded: succeeded, failed: failed, timer: null };
    entry.timer = setTimeout(function () {
      if (pending.get(referenceId) !== entry) return;
      pending.delete(referenceId);
      if (isFunction(entry.failed)) entry.failed(TIMEOUT_MESSAGE);
    }, timeoutMs);
    pending.set(referenceId, entry);
  }

  function forget(referenceId) {
    var entry = pending.get(referenceId);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    pending.delete(referenceId);
    return entry;
  }

  /**
   * Stamp and post `message`; when a callback is given, wait for the answer (or the
   * timeout). Without callbacks it is fire-and-forget. Returns the referenceId.
   */
  function post(message, succeeded, failed) {
    var referenceId = stamp(message).referenceId;
    var waiting = isFunction(succeeded) || isFunction(failed);
    if (waiting) {
      forget(referenceId);
      expectAnswer(referenceId, succeeded, failed);
    }
    try {
      hostWindow().postMessage(message, hostOrigin);
    } catch (error) {
      if (waiting) forget(referenceId);
      throw error;
    }
    return referenceId;
  }

  function describe(value) {
    if (typeof value === "string") return value;
    try {
      return JSON.stringify(value);
    } catch (ignored) {
      return String(value);
    }
  }

  /** The Error a promise rejects with: a failure envelope, or the timeout string. */
  function requestError(failure) {
    var isEnvelope = failure !== null && typeof failure === "object";
    var error = new Error(isEnvelope ? describe(failure.errorMessage) : String(failure));
    error.response = isEnvelope ? failure : undefined;
    return error;
  }

  /** Post `message` and return a Promise of its answer. */
  function postForPromise(message) {
    var promise = new Promise(function (resolve, reject) {
      post(message, resolve, function (failure) {
        reject(requestError(failure));
      });
    });
    promise.catch(function () {}); // callers may ignore it, as with the published library
    return promise;
  }

  /**
   * Send a raw SCAPI message, e.g. {request: "agent.get"} or {request: "voice.dial",
   * parameters: ["5001", null]}. Envelope fields are added to `message` itself.
   * @param {object} message
   * @param {function(object)} [succeeded] called with the whole response envelope
   * @param {function(object|string)} [failed] called with the failure envelope, or "Request timeout"
   * @returns {string|Promise<object>} the referenceId; a Promise of the response when no callback is given
   */
  function sendMessage(message, succeeded, failed) {
    if (isFunction(succeeded) || isFunction(failed)) return post(message, succeeded, failed);
    return postForPromise(message);
  }

  // ---------------------------------------------------------------- incoming messages

  function fromHost(event) {
    if (!event || event.source !== hostWindow()) return false;
    return hostOrigin === "*" || event.origin === hostOrigin;
  }

  function isFromWWE(data) {
    return data !== null && typeof data === "object" && typeof data.userAgent === "string" && data.userAgent.indexOf("WWE") !== -1;
  }

  function handleLegacyString(text) {
    if (text.indexOf("wwe") === 0 && isFunction(service.onMessage)) service.onMessage(text);
  }

  function handleEvent(data) {
    for (var i = subscriptions.length - 1; i >= 0; i--) {
      var subscription = subscriptions[i];
      if (subscription.names.indexOf(data.event) !== -1) {
        if (isFunction(subscription.callback)) subscription.callback.call(subscription.context || root, data);
        return;
      }
    }
  }

  function handleResponse(data) {
    var entry = forget(data.referenceId);
    if (!entry) return;
    delete data.referenceId;
    var callback = data.errorMessage !== undefined ? entry.failed : entry.succeeded;
    if (isFunction(callback)) callback(data);
  }

  function onWindowMessage(event) {
    if (!fromHost(event)) return;
    var data = event.data;
    if (typeof data === "string") return handleLegacyString(data);
    if (!isFromWWE(data)) return;
    if (data.event) handleEvent(data);
    else if (data.referenceId) handleResponse(data);
    else if (data.frameId !== undefined) frameId = data.frameId;
  }

  // ---------------------------------------------------------------- subscriptions

  function removeFrom(list, item) {
    var index = list.indexOf(item);
    if (index !== -1) list.splice(index, 1);
  }

  function sendUnsubscribe(subscriptionId) {
    post({ event: "unsubscribe", data: subscriptionId });
  }

  /** Send the subscribe request; `done(error, subscriptionId)` is called once. */
  function startSubscription(names, callback, context, done) {
    var subscription = {
      names: Array.isArray(names) ? names.slice() : [names],
      callback: callback,
      context: context,
      id: undefined,
      cancelled: false,
    };
    pendingSubscriptions.push(subscription);
    var succeeded = function (response) {
      removeFrom(pendingSubscriptions, subscription);
      subscription.id = response.subscriptionId;
      if (subscription.cancelled) sendUnsubscribe(subscription.id);
      else subscriptions.push(subscription);
      done(null, subscription.id);
    };
    var failed = function (failure) {
      removeFrom(pendingSubscriptions, subscription);
      logError("Cannot subscribe to this event: " + describe(names));
      done(requestError(failure));
    };
    post({ event: "subscribe", data: names }, succeeded, failed);
  }

  /**
   * Subscribe to one event family ("agent", "interaction", "messenger:<channel>", ...) or
   * an array of them. Events are delivered as callback.call(context || window, message).
   * @returns {object} the service (chainable)
   */
  function subscribe(names, callback, context) {
    startSubscription(names, callback, context, function () {});
    return service;
  }

  /**
   * Like subscribe, but returns a Promise of the subscriptionId (rejects if the desktop
   * refuses or does not answer).
   * @returns {Promise<*>}
   */
  function subscribeAsync(names, callback, context) {
    return new Promise(function (resolve, reject) {
      startSubscription(names, callback, context, function (error, subscriptionId) {
        if (error) reject(error);
        else resolve(subscriptionId);
      });
    });
  }

  /**
   * Remove every subscription made with `callback` (all of its names) and tell the desktop.
   * A subscription still waiting for its answer is unsubscribed as soon as it arrives.
   * @returns {object} the service (chainable)
   */
  function unsubscribe(callback) {
    subscriptions.slice().forEach(function (subscription) {
      if (subscription.callback !== callback) return;
      removeFrom(subscriptions, subscription);
      sendUnsubscribe(subscription.id);
    });
    pendingSubscriptions.forEach(function (subscription) {
      if (subscription.callback === callback) subscription.cancelled = true;
    });
    return service;
  }

  // ---------------------------------------------------------------- namespaces

  function parseParams(names) {
    return names.map(function (name) {
      var optional = name.charAt(name.length - 1) === "?";
      return { name: optional ? name.slice(0, -1) : name, optional: optional };
    });
  }

  /**
   * Where the callbacks start in `args`: after the last parameter, or earlier when a
   * function stands where only optional parameters remain (argument shifting).
   */
  function callbackIndex(args, params) {
    for (var i = 0; i < params.length; i++) {
      if (isFunction(args[i]) && params.slice(i).every(function (p) { return p.optional; })) return i;
    }
    return params.length;
  }

  /** Build the method sending request `name`; missing parameters are sent as null. */
  function defineMethod(name, params) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      var split = callbackIndex(args, params);
      var succeeded = args[split];
      var failed = args[split + 1];
      var message = { request: name };
      if (params.length) {
        message.parameters = params.map(function (param, i) {
          return i < split && args[i] !== undefined ? args[i] : null;
        });
      }
      if (isFunction(succeeded) || isFunction(failed)) {
        post(message, succeeded, failed);
        return undefined;
      }
      return postForPromise(message);
    };
  }

  function defineNamespace(namespace, table) {
    var methods = {};
    Object.keys(table).forEach(function (method) {
      methods[method] = defineMethod(namespace + "." + method, parseParams(table[method]));
    });
    return methods;
  }

  // ---------------------------------------------------------------- the service

  /**
   * Stop: forget every pending request (their callbacks will never be called), drop the
   * subscriptions and stop listening to window messages.
   */
  function unload() {
    Array.from(pending.keys()).forEach(forget);
    subscriptions = [];
    pendingSubscriptions.forEach(function (subscription) {
      subscription.cancelled = true;
    });
    pendingSubscriptions = [];
    root.removeEventListener("message", onWindowMessage, false);
  }

  var service = {
    /** Identifies this implementation. */
    version: VERSION,
    /** Legacy hook: called with string messages that begin with "wwe". */
    onMessage: undefined,
    sendMessage: sendMessage,
    subscribe: subscribe,
    subscribeAsync: subscribeAsync,
    unsubscribe: unsubscribe,
    unload: unload,

    /** Post to (and only listen to) `win` instead of window.opener / window.parent. */
    targetWWEWindow: function (win) {
      explicitTarget = win || null;
      return service;
    },

    /**
     * Post to `origin` (e.g. "https://desktop.example") instead of "*", and accept messages
     * from that origin only. Recommended; a falsy value restores "*".
     */
    setHostOrigin: function (origin) {
      hostOrigin = origin ? String(origin) : "*";
      return service;
    },

    /** Request timeout in milliseconds for requests sent from now on (default 10 000). */
    setTimeout: function (ms) {
      if (typeof ms !== "number" || !(ms >= 0)) throw new TypeError("scapi-client: timeout must be a number >= 0");
      timeoutMs = ms;
      return service;
    },
  };

  /** The frameId the desktop assigned to this frame (undefined until it does). */
  Object.defineProperty(service, "frameId", {
    enumerable: true,
    get: function () {
      return frameId;
    },
  });

  Object.keys(METHODS).forEach(function (namespace) {
    service[namespace] = defineNamespace(namespace, METHODS[namespace]);
  });

  root.addEventListener("message", onWindowMessage, false);
  wwe.service = service;
})(typeof window !== "undefined" ? window : this);
