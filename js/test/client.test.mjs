// Unit tests of js/client/scapi-client.js as js/build.mjs ships it (its method table filled in
// from scapi_widget/wire/spec/requests.json): the classic script is run in a fresh node:vm context
// per test, whose global is a fake browser window with a fake desktop as its parent and fake
// timers. Run with: node --test js/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { REQUESTS_JSON, clientSource } from "../client/build-client.mjs";

const SOURCE = clientSource();
const DESK_ORIGIN = "http://desk.test";

/** Timers that only advance when told to. */
class FakeClock {
  constructor() {
    this.now = 0;
    this.nextId = 1;
    this.timers = new Map(); // id -> {at, fn}
  }
  setTimeout = (fn, ms = 0) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (id) => {
    this.timers.delete(id);
  };
  get pendingCount() {
    return this.timers.size;
  }
  /** Advance by `ms`, running due timers in order of their due time. */
  tick(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
  }
}

/** A window that records what is posted to it, cloned as postMessage would. */
class FakeWindow {
  constructor(name) {
    this.name = name;
    this.posted = [];
  }
  postMessage(message, targetOrigin) {
    this.posted.push({ message: structuredClone(message), targetOrigin });
  }
  get last() {
    return this.posted[this.posted.length - 1]?.message;
  }
}

/**
 * A fresh page with the client loaded. `deliver(data, source, origin)` plays a message
 * event; `reply(fields)` answers the last request posted to `host`.
 */
function load({ opener = null, preset = undefined, source = SOURCE } = {}) {
  const clock = new FakeClock();
  const host = new FakeWindow("desktop");
  const listeners = new Set();
  const errors = [];
  const page = {
    parent: host,
    opener,
    console: { error: (...a) => errors.push(a.join(" ")), log() {}, warn() {} },
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    addEventListener(type, fn) {
      if (type === "message") listeners.add(fn);
    },
    removeEventListener(type, fn) {
      if (type === "message") listeners.delete(fn);
    },
  };
  page.window = page;
  if (preset) page.genesys = { wwe: { service: preset } };
  vm.createContext(page);
  vm.runInContext(source, page, { filename: "scapi-client.js" });
  const global = vm.runInContext("window", page); // the page's global, as the script sees it
  const service = page.genesys.wwe.service;
  const deliver = (data, source = host, origin = DESK_ORIGIN) => {
    for (const fn of [...listeners]) fn({ data, source, origin });
  };
  const server = (fields) => ({ userAgent: "WWE Server", protocolVersion: 2, ...fields });
  const reply = (fields, to = host.last) => deliver(server({ referenceId: to.referenceId, ...fields }));
  const event = (name, data) => deliver(server({ event: name, data }));
  return { page, global, service, host, clock, listeners, errors, deliver, server, reply, event };
}

/** Records calls of `ok`/`fail` callbacks, and the `this` they were called with. */
function recorder() {
  const calls = [];
  return {
    calls,
    ok: (r) => calls.push(["ok", r]),
    fail: (r) => calls.push(["fail", r]),
  };
}

const isThenable = (v) => v !== null && typeof v === "object" && typeof v.then === "function";

// ------------------------------------------------------------------------ envelope

test("envelope: userAgent, protocolVersion, referenceId '0','1',…, and no parameters for zero-argument methods", () => {
  const { service, host } = load();
  const { ok } = recorder();
  service.agent.get(ok);
  service.agent.setState("NotReady", ok);
  service.sipEndpoint.muteMicrophone(ok);
  assert.deepEqual(
    host.posted.map((p) => p.message),
    [
      { request: "agent.get", referenceId: "0", userAgent: "WWE Client", protocolVersion: 2 },
      { request: "agent.setState", parameters: ["NotReady"], referenceId: "1", userAgent: "WWE Client", protocolVersion: 2 },
      { request: "sipEndpoint.muteMicrophone", referenceId: "2", userAgent: "WWE Client", protocolVersion: 2 },
    ],
  );
  assert.ok(host.posted.every((p) => p.targetOrigin === "*"));
  assert.ok(!("parameters" in host.posted[0].message));
});

test("sendMessage returns the referenceId; a caller-preset referenceId is kept and answered", () => {
  const { service, host, reply } = load();
  const r = recorder();
  assert.equal(service.sendMessage({ request: "agent.get" }, r.ok, r.fail), "0");
  assert.equal(service.sendMessage({ request: "agent.get", referenceId: "mine" }, r.ok, r.fail), "mine");
  assert.equal(service.sendMessage({ request: "agent.get", parameters: [] }, r.ok), "1");
  assert.deepEqual(host.posted[2].message.parameters, [], "raw parameters are sent as given");
  reply({ data: "answer to mine" }, host.posted[1].message);
  assert.deepEqual(r.calls, [["ok", { userAgent: "WWE Server", protocolVersion: 2, data: "answer to mine" }]]);
});

test("namespace methods return undefined when a callback is given", () => {
  const { service } = load();
  assert.equal(service.agent.get(() => {}), undefined);
  assert.equal(service.voice.hold("1", undefined, () => {}), undefined);
});

test("optional trailing values are sent as null; getOption and popupToast wrap their argument", () => {
  const { service, host } = load();
  const cb = () => {};
  service.voice.dial("5001", { a: 1 }, cb);
  service.voice.dial("5001", undefined, cb);
  service.email.create("a@b.c", undefined, cb);
  service.interaction.consult("1", "5001", undefined, undefined, cb);
  service.interaction.singleStepTransfer("1", { type: "AGENT", destination: "SIP_5001" }, { k: "v" }, undefined, cb);
  service.interaction.singleStepConference("1", "5002", undefined, { ek1: "ev1" }, cb);
  service.voice.dialEx("5001", { a: 1 }, undefined, cb);
  service.system.openDialog("https://x.test/d.html", undefined, cb);
  service.configuration.getOption("voice.*", cb);
  service.configuration.getOption(["a", "b"], cb);
  service.system.popupToast({ title: "t" }, cb);
  service.auth.getPureCloudToken(undefined, cb);
  assert.deepEqual(
    host.posted.map((p) => p.message.parameters),
    [
      ["5001", { a: 1 }],
      ["5001", null],
      ["a@b.c", null],
      ["1", "5001", null, null],
      ["1", { type: "AGENT", destination: "SIP_5001" }, { k: "v" }, null],
      ["1", "5002", null, { ek1: "ev1" }],
      ["5001", { a: 1 }, null],
      ["https://x.test/d.html", null],
      ["voice.*"],
      [["a", "b"]],
      [{ title: "t" }],
      [null],
    ],
  );
});

test("promise-style calls pad missing optional values with null too", () => {
  const { service, host } = load();
  service.voice.dial("5001");
  service.email.create("a@b.c");
  service.interaction.consult("1", "5001");
  service.voice.dialEx("5001");
  service.system.openDialog("u");
  assert.deepEqual(
    host.posted.map((p) => p.message.parameters),
    [["5001", null], ["a@b.c", null], ["1", "5001", null, null], ["5001", null, null], ["u", null]],
  );
});

test("argument shifting: voice.dial and email.create take the success callback in the userData position", () => {
  const { service, host, reply } = load();
  const r = recorder();
  service.voice.dial("5001", r.ok, r.fail);
  assert.deepEqual(host.last.parameters, ["5001", null]);
  reply({ data: "dialled" });
  service.email.create("a@b.c", r.ok, r.fail);
  assert.deepEqual(host.last.parameters, ["a@b.c", null]);
  reply({ errorMessage: "no email media" });
  service.interaction.consult("1", "5001", r.ok);
  assert.deepEqual(host.last.parameters, ["1", "5001", null, null]);
  reply({ data: "consulting" });
  assert.deepEqual(
    r.calls.map(([kind, env]) => [kind, env.data ?? env.errorMessage]),
    [["ok", "dialled"], ["fail", "no email media"], ["ok", "consulting"]],
  );
});

// ------------------------------------------------------------------------ responses

test("success and failure callbacks get the whole envelope without referenceId; errorMessage '' is a failure", () => {
  const { service, reply } = load();
  const r = recorder();
  service.agent.get(r.ok, r.fail);
  reply({ data: { firstname: "Alex" } });
  service.voice.hold("9", r.ok, r.fail);
  reply({ errorMessage: "" });
  service.voice.hold("9", r.ok, r.fail);
  reply({ errorMessage: null, data: 1 });
  assert.deepEqual(r.calls, [
    ["ok", { userAgent: "WWE Server", protocolVersion: 2, data: { firstname: "Alex" } }],
    ["fail", { userAgent: "WWE Server", protocolVersion: 2, errorMessage: "" }],
    ["fail", { userAgent: "WWE Server", protocolVersion: 2, errorMessage: null, data: 1 }],
  ]);
});

test("a response is delivered once; a second reply with the same referenceId is ignored", () => {
  const { service, host, reply, clock } = load();
  const r = recorder();
  service.agent.get(r.ok, r.fail);
  const request = host.last;
  reply({ data: 1 }, request);
  reply({ data: 2 }, request);
  clock.tick(20000);
  assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", 1]]);
  assert.equal(clock.pendingCount, 0, "the timer was cleared by the answer");
});

test("referenceIds are matched with ===: a numeric or empty referenceId answers nothing", () => {
  const { service, host, deliver, server } = load();
  const r = recorder();
  service.agent.get(r.ok, r.fail); // "0"
  service.agent.get(r.ok, r.fail); // "1"
  deliver(server({ referenceId: 1, data: "number" }));
  deliver(server({ referenceId: 0, data: "zero" }));
  deliver(server({ referenceId: "", data: "empty" }));
  assert.deepEqual(r.calls, []);
  deliver(server({ referenceId: host.posted[1].message.referenceId, data: "string" }));
  assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", "string"]]);
});

test("timeout: after 10 000 ms failed('Request timeout') with a plain string; a late reply is ignored", () => {
  const { service, reply, clock } = load();
  const r = recorder();
  service.agent.get(r.ok, r.fail);
  clock.tick(9999);
  assert.deepEqual(r.calls, []);
  clock.tick(1);
  assert.deepEqual(r.calls, [["fail", "Request timeout"]]);
  reply({ data: "late" });
  assert.deepEqual(r.calls, [["fail", "Request timeout"]]);
  assert.equal(clock.pendingCount, 0);
});

test("reusing a pending preset referenceId replaces the earlier request and its timer", () => {
  const { service, reply, clock } = load();
  const first = recorder();
  const second = recorder();
  service.sendMessage({ request: "agent.get", referenceId: "dup" }, first.ok, first.fail);
  clock.tick(5000);
  service.sendMessage({ request: "agent.getState", referenceId: "dup" }, second.ok, second.fail);
  clock.tick(5000);
  assert.deepEqual([first.calls, second.calls], [[], []], "the first timer no longer runs");
  clock.tick(5000);
  assert.deepEqual(second.calls, [["fail", "Request timeout"]]);
  service.sendMessage({ request: "agent.get", referenceId: "dup" }, first.ok, first.fail);
  service.sendMessage({ request: "agent.getState", referenceId: "dup" }, second.ok, second.fail);
  reply({ data: "answer" });
  assert.deepEqual(first.calls, []);
  assert.deepEqual(second.calls.at(-1), ["ok", { userAgent: "WWE Server", protocolVersion: 2, data: "answer" }]);
});

test("setTimeout(ms) shortens the timeout of later requests and rejects bad values", () => {
  const { service, reply, clock } = load();
  const r = recorder();
  assert.equal(service.setTimeout(50), service);
  service.voice.answer("1", r.ok, r.fail);
  clock.tick(49);
  assert.deepEqual(r.calls, []);
  clock.tick(1);
  reply({ data: "late" });
  assert.deepEqual(r.calls, [["fail", "Request timeout"]]);
  assert.throws(() => service.setTimeout("soon"), /timeout/);
  assert.throws(() => service.setTimeout(-1), /timeout/);
});

test("with only a failed callback the request is still tracked and times out; with a success callback only, errors are dropped", () => {
  const { service, reply, clock } = load();
  const r = recorder();
  assert.equal(service.voice.hold("1", undefined, r.fail), undefined);
  clock.tick(10000);
  service.voice.hold("2", r.ok);
  reply({ errorMessage: "nope" });
  service.voice.hold("3", r.ok);
  reply({ data: "held" });
  assert.deepEqual(r.calls.map(([k, e]) => [k, typeof e === "string" ? e : e.data]), [["fail", "Request timeout"], ["ok", "held"]]);
});

// ------------------------------------------------------------------------ promises

test("without callbacks a method returns a Promise of the response envelope", async () => {
  const { service, host, reply } = load();
  const promise = service.agent.getState();
  assert.ok(isThenable(promise));
  assert.equal(host.last.request, "agent.getState");
  reply({ data: { type: "READY", displayName: "Ready" } });
  assert.deepEqual(await promise, { userAgent: "WWE Server", protocolVersion: 2, data: { type: "READY", displayName: "Ready" } });
});

test("promise rejection: Error with the errorMessage and the failure envelope as .response", async () => {
  const { service, reply } = load();
  const failing = service.voice.hold("9");
  reply({ errorMessage: "no interaction with id '9'" });
  await assert.rejects(failing, (err) => {
    assert.equal(err.constructor.name, "Error");
    assert.equal(err.message, "no interaction with id '9'");
    assert.deepEqual(err.response, { userAgent: "WWE Server", protocolVersion: 2, errorMessage: "no interaction with id '9'" });
    return true;
  });
  const empty = service.voice.hold("9");
  reply({ errorMessage: "" });
  await assert.rejects(empty, (err) => err.message === "" && err.response.errorMessage === "");
});

test("promise timeout: rejects with 'Request timeout' and no .response", async () => {
  const { service, clock } = load();
  const promise = service.agent.get();
  clock.tick(10000);
  await assert.rejects(promise, (err) => err.message === "Request timeout" && err.response === undefined);
});

test("sendMessage without callbacks returns a Promise too", async () => {
  const { service, host, reply } = load();
  const promise = service.sendMessage({ request: "system.getAllowedServices" });
  assert.ok(isThenable(promise));
  assert.equal(host.last.referenceId, "0");
  reply({ data: ["agent.*"] });
  assert.deepEqual((await promise).data, ["agent.*"]);
});

test("an ignored promise that fails does not raise an unhandled rejection", async () => {
  const { service, clock } = load();
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    service.voice.hangUp("1"); // fire-and-forget, as an app written for the published library would
    clock.tick(10000);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

// ------------------------------------------------------------------------ frameId

test("frameId handshake: stored, then included in every later message", () => {
  const { service, host, deliver, server } = load();
  service.agent.get(() => {});
  assert.ok(!("frameId" in host.last));
  assert.equal(service.frameId, undefined);
  deliver(server({ frameId: 3 }));
  assert.equal(service.frameId, 3);
  service.agent.get(() => {});
  service.subscribe("agent", () => {});
  assert.equal(host.posted[1].message.frameId, 3);
  assert.equal(host.posted[2].message.frameId, 3);
  deliver(server({ frameId: 0 }));
  service.agent.get(() => {});
  assert.equal(host.last.frameId, 0, "frameId 0 is a valid id");
});

test("dispatch precedence: a message with event and referenceId is an event, not a response", () => {
  const { service, host, deliver, server, reply } = load();
  const r = recorder();
  const got = [];
  service.subscribe("agent", (m) => got.push(m.data));
  reply({ subscriptionId: "s1" });
  service.agent.get(r.ok, r.fail);
  deliver(server({ event: "agent", referenceId: host.last.referenceId, data: "event", frameId: 9 }));
  assert.deepEqual(got, ["event"]);
  assert.deepEqual(r.calls, []);
  assert.equal(service.frameId, undefined);
});

// ------------------------------------------------------------------------ subscriptions

test("subscribe sends the names, returns the service, and routes events to the callback with its context", () => {
  const { service, host, global, reply, event } = load();
  const got = [];
  const context = { name: "ctx" };
  function onEvent(message) {
    got.push([this, message]);
  }
  assert.equal(service.subscribe(["agent", "interaction"], onEvent, context), service);
  assert.deepEqual(host.last, { event: "subscribe", data: ["agent", "interaction"], referenceId: "0", userAgent: "WWE Client", protocolVersion: 2 });
  event("agent", { eventType: "STATE_CHANGED" }); // before the answer: not yet subscribed
  reply({ subscriptionId: "7" });
  event("agent", { eventType: "STATE_CHANGED" });
  event("interaction", { eventType: "RINGING" });
  event("media", { eventType: "STATE_CHANGED" });
  event("agents", { eventType: "X" });
  assert.equal(got.length, 2);
  assert.equal(got[0][0], context);
  assert.deepEqual(got[0][1], { userAgent: "WWE Server", protocolVersion: 2, event: "agent", data: { eventType: "STATE_CHANGED" } });
  assert.equal(got[1][1].data.eventType, "RINGING");

  const plain = [];
  service.subscribe("messenger:chan", function (m) {
    plain.push([this, m.data]);
  });
  reply({ subscriptionId: "8" });
  event("messenger:chan", { hello: 1 });
  assert.equal(plain[0][0], global, "without a context the callback runs with window as this");
  assert.deepEqual(plain[0][1], { hello: 1 });

  service.subscribe("system"); // no callback: events for it are dropped without an error
  reply({ subscriptionId: "9" });
  assert.doesNotThrow(() => event("system", {}));
});

test("the last subscription registering a name gets its events; unsubscribing it restores the earlier one", () => {
  const { service, reply, event } = load();
  const got = [];
  const first = (m) => got.push(["first", m.data]);
  const second = (m) => got.push(["second", m.data]);
  service.subscribe(["agent", "media"], first);
  reply({ subscriptionId: "1" });
  service.subscribe("agent", second);
  reply({ subscriptionId: "2" });
  event("agent", "a1");
  event("media", "m1");
  service.unsubscribe(second);
  event("agent", "a2");
  assert.deepEqual(got, [["second", "a1"], ["first", "m1"], ["first", "a2"]]);
});

test("unsubscribe with an array of names removes all of them and sends {event:'unsubscribe', data: subscriptionId}", () => {
  const { service, host, reply, event, clock } = load();
  const got = [];
  const onEvent = (m) => got.push(m.event);
  service.subscribe(["agent", "interaction", "markdone"], onEvent);
  reply({ subscriptionId: "sub-7" });
  event("interaction", {});
  assert.equal(service.unsubscribe(onEvent), service);
  assert.deepEqual(host.last, { event: "unsubscribe", data: "sub-7", referenceId: "1", userAgent: "WWE Client", protocolVersion: 2 });
  assert.equal(clock.pendingCount, 0, "unsubscribe is sent without a callback (nothing waits for it)");
  reply({}); // any answer is ignored
  event("agent", {});
  event("interaction", {});
  event("markdone", {});
  assert.deepEqual(got, ["interaction"]);
  const count = host.posted.length;
  service.unsubscribe(onEvent);
  assert.equal(host.posted.length, count, "nothing left to unsubscribe");
});

test("unsubscribe before the subscribe answer: the subscription is dropped when the answer arrives", () => {
  const { service, host, reply, event } = load();
  const got = [];
  const onEvent = (m) => got.push(m.event);
  service.subscribe("agent", onEvent);
  const subscribeRequest = host.last;
  service.unsubscribe(onEvent);
  assert.equal(host.posted.length, 1);
  reply({ subscriptionId: "late" }, subscribeRequest);
  assert.deepEqual([host.last.event, host.last.data], ["unsubscribe", "late"]);
  event("agent", {});
  assert.deepEqual(got, []);
});

test("subscribeAsync resolves with the subscriptionId; a refused subscription rejects and is logged", async () => {
  const { service, reply, event, errors } = load();
  const got = [];
  const pending = service.subscribeAsync(["messenger:a", "messenger:b"], (m) => got.push(m.data));
  reply({ subscriptionId: 12 });
  assert.equal(await pending, 12);
  event("messenger:b", "hi");
  assert.deepEqual(got, ["hi"]);

  const refused = service.subscribeAsync("outbound", () => {});
  reply({ errorMessage: "not allowed" });
  await assert.rejects(refused, /not allowed/);
  service.subscribe("system", () => {});
  reply({ errorMessage: "not allowed" });
  assert.equal(errors.filter((e) => e.includes("Cannot subscribe")).length, 2);
});

// ------------------------------------------------------------------------ who is heard

test("messages from a window other than the target are ignored", () => {
  const { service, host, deliver, server, event, reply } = load();
  const r = recorder();
  const got = [];
  service.subscribe("agent", (m) => got.push(m.data));
  reply({ subscriptionId: "1" });
  service.agent.get(r.ok, r.fail);
  const ref = host.last.referenceId;
  const stranger = new FakeWindow("stranger");
  deliver(server({ referenceId: ref, data: "forged" }), stranger);
  deliver(server({ referenceId: ref, data: "no source" }), null);
  deliver(server({ event: "agent", data: "forged event" }), stranger);
  deliver(server({ frameId: 66 }), stranger);
  assert.deepEqual(r.calls, []);
  assert.deepEqual(got, []);
  assert.equal(service.frameId, undefined);
  deliver(server({ referenceId: ref, data: "real" }));
  event("agent", "real event");
  assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", "real"]]);
  assert.deepEqual(got, ["real event"]);
});

test("messages whose userAgent is not a string containing 'WWE' are ignored", () => {
  const { service, host, deliver } = load();
  const r = recorder();
  service.agent.get(r.ok, r.fail);
  const ref = host.last.referenceId;
  deliver({ referenceId: ref, data: "no agent" });
  deliver({ referenceId: ref, data: "browser", userAgent: "Mozilla/5.0" });
  deliver({ referenceId: ref, data: "lower", userAgent: "wwe server" });
  deliver({ referenceId: ref, data: "array", userAgent: ["WWE"] });
  deliver(null);
  deliver(42);
  assert.deepEqual(r.calls, []);
  deliver({ referenceId: ref, data: "custom", userAgent: "My WWE host" });
  assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", "custom"]]);
});

test("legacy onMessage hook receives strings beginning with 'wwe' from the desktop", () => {
  const { service, deliver } = load();
  deliver("wweNoHandlerYet"); // no hook: nothing happens, no error
  const got = [];
  service.onMessage = (text) => got.push(text);
  deliver("wweHello");
  deliver("hello wwe");
  deliver("WWEupper");
  deliver("wweStranger", new FakeWindow("stranger"));
  assert.deepEqual(got, ["wweHello"]);
});

test("targetWWEWindow redirects requests and listening to that window", () => {
  const { service, host, deliver, server } = load();
  const other = new FakeWindow("other desktop");
  const r = recorder();
  assert.equal(service.targetWWEWindow(other), service);
  service.agent.get(r.ok, r.fail);
  assert.equal(host.posted.length, 0);
  assert.equal(other.last.request, "agent.get");
  deliver(server({ referenceId: other.last.referenceId, data: "from parent" }), host);
  deliver(server({ referenceId: other.last.referenceId, data: "from target" }), other);
  assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", "from target"]]);
});

test("a popup posts to window.opener rather than window.parent", () => {
  const opener = new FakeWindow("opener");
  const { service, host, deliver, server } = load({ opener });
  const r = recorder();
  service.system.amIVisible(r.ok);
  assert.equal(host.posted.length, 0);
  assert.equal(opener.last.request, "system.amIVisible");
  deliver(server({ referenceId: "0", data: true }), opener);
  assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", true]]);
});

test("setHostOrigin: posts to that origin and hears only that origin", () => {
  const { service, host, deliver, server } = load();
  const r = recorder();
  assert.equal(service.setHostOrigin(DESK_ORIGIN), service);
  service.agent.get(r.ok, r.fail);
  assert.equal(host.posted[0].targetOrigin, DESK_ORIGIN);
  deliver(server({ referenceId: "0", data: "wrong origin" }), host, "http://evil.test");
  assert.deepEqual(r.calls, []);
  deliver(server({ referenceId: "0", data: "right origin" }), host, DESK_ORIGIN);
  assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", "right origin"]]);
  service.setHostOrigin(null);
  service.agent.get(r.ok);
  assert.equal(host.posted[1].targetOrigin, "*");
});

// ------------------------------------------------------------------------ lifecycle

test("unload clears pending timers, drops subscriptions and stops listening", () => {
  const { service, listeners, clock, reply, event, host } = load();
  const r = recorder();
  const got = [];
  assert.equal(listeners.size, 1);
  service.subscribe("agent", (m) => got.push(m));
  reply({ subscriptionId: "1" });
  service.agent.get(r.ok, r.fail);
  service.voice.hold("1", r.ok, r.fail);
  const request = host.last;
  assert.equal(clock.pendingCount, 2);
  service.unload();
  assert.equal(clock.pendingCount, 0);
  assert.equal(listeners.size, 0);
  clock.tick(20000);
  reply({ data: "after unload" }, request);
  event("agent", {});
  assert.deepEqual(r.calls, []);
  assert.deepEqual(got, []);
});

test("an already defined genesys.wwe.service is left alone", () => {
  const existing = { version: "someone else" };
  const { page, listeners } = load({ preset: existing });
  assert.equal(page.genesys.wwe.service, existing);
  assert.equal(listeners.size, 0);
});

test("version identifies this client and the namespaces are present", () => {
  const { service } = load();
  assert.equal(service.version, "scapi-widget-client 1");
  for (const name of ["auth", "agent", "interaction", "voice", "sipEndpoint", "email", "outbound", "media", "system", "messenger", "configuration"]) {
    assert.equal(typeof service[name], "object", name);
  }
  for (const name of ["sendMessage", "subscribe", "subscribeAsync", "unsubscribe", "targetWWEWindow", "unload", "setHostOrigin", "setTimeout"]) {
    assert.equal(typeof service[name], "function", name);
  }
});

// ------------------------------------------------------------------------ full surface

// Every request of the package's table, read here on its own: [namespace, method, parameters
// ("?" = optional)] for the current ones, and the names of the historical ones.
const TABLE = JSON.parse(readFileSync(REQUESTS_JSON, "utf8")).requests;
const isHistorical = (entry) => entry.status.startsWith("historical");
const ROWS = Object.entries(TABLE)
  .filter(([, entry]) => !isHistorical(entry))
  .map(([name, entry]) => [...name.split("."), entry.params.map((p) => p.name + (p.optional ? "?" : ""))]);
const HISTORICAL = Object.keys(TABLE).filter((name) => isHistorical(TABLE[name]));
const SURFACE = {};
for (const [ns, method, params] of ROWS) (SURFACE[ns] ??= {})[method] = params;

test("the package's table lists 76 current requests and 4 historical ones", () => {
  assert.equal(ROWS.length, 76);
  assert.deepEqual(HISTORICAL.sort(), [
    "interaction.attachUserData",
    "interaction.getByBundleId",
    "interaction.getByCaseId",
    "interaction.updateUserData",
  ]);
});

test("the shipped source has no placeholder left, and a template without exactly one is refused", () => {
  assert.ok(!SOURCE.includes("__SCAPI_REQUESTS__"));
  assert.match(SOURCE, /voice: \{\n\s+dial: \["destination", "userData\?"\],/);
  assert.throws(() => clientSource(TABLE, "var METHODS = {};"), /exactly once/);
  assert.throws(() => clientSource(TABLE, "__SCAPI_REQUESTS__ __SCAPI_REQUESTS__"), /exactly once/);
});

test("the client's methods come from the table: a request added there is callable, a historical one is not", () => {
  const requests = {
    ...TABLE,
    "voice.teleport": { summary: "x", status: "documented", params: [{ name: "where", type: "string", optional: false }, { name: "why", type: "string", optional: true }], returns: { kind: "none" } },
    "voice.hold": { ...TABLE["voice.hold"], status: "historical-draft" },
  };
  const { service, host } = load({ source: clientSource(requests) });
  service.voice.teleport("moon", () => {});
  assert.deepEqual(host.last.parameters, ["moon", null]);
  assert.equal(service.voice.hold, undefined);
});

test("each namespace has exactly the methods of the table, and no historical ones", () => {
  const { service } = load();
  for (const [ns, methods] of Object.entries(SURFACE)) {
    assert.deepEqual(Object.keys(service[ns]).sort(), Object.keys(methods).sort(), ns);
  }
  for (const name of HISTORICAL) {
    const [ns, method] = name.split(".");
    assert.equal(service[ns][method], undefined, name);
  }
});

test("every method sends <namespace>.<method> with its parameters in order (callback style)", () => {
  const { service, host, reply } = load();
  for (const [ns, method, params] of ROWS) {
    const args = params.map((p, i) => `${ns}.${method}#${i}`);
    const r = recorder();
    service[ns][method](...args, r.ok, r.fail);
    const sent = host.last;
    assert.equal(sent.request, `${ns}.${method}`);
    if (params.length === 0) assert.ok(!("parameters" in sent), `${ns}.${method} omits parameters`);
    else assert.deepEqual(sent.parameters, args, `${ns}.${method}`);
    reply({ data: method });
    assert.deepEqual(r.calls.map(([k, e]) => [k, e.data]), [["ok", method]], `${ns}.${method} answered`);
  }
  assert.equal(host.posted.length, 76);
  assert.deepEqual(host.posted.map((p) => p.message.referenceId), ROWS.map((_, i) => String(i)));
});

test("every method called with no arguments returns a Promise and sends null for each parameter", async () => {
  const { service, host, reply } = load();
  for (const [ns, method, params] of ROWS) {
    const promise = service[ns][method]();
    assert.ok(isThenable(promise), `${ns}.${method} returns a Promise`);
    const sent = host.last;
    assert.equal(sent.request, `${ns}.${method}`);
    if (params.length === 0) assert.ok(!("parameters" in sent));
    else assert.deepEqual(sent.parameters, params.map(() => null), `${ns}.${method}`);
    reply({ data: `${ns}.${method}` });
    assert.equal((await promise).data, `${ns}.${method}`);
  }
});
