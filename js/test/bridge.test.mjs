// Unit tests of the widget's frame bridge with fake windows (no DOM).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FrameBridge, toJsonSafe } from "../frame-bridge.js";
import { isVisibleMode, frameKey, mayHost } from "../frames-view.js";

class FakeWindow {
  constructor(name) {
    this.name = name;
    this.posted = [];
  }
  postMessage(message, targetOrigin) {
    this.posted.push({ message, targetOrigin });
  }
}

// What Python publishes for an app (scapi_widget/desktop/frames.py, Frame.to_json): a frame of another
// origin than the page, and an opaque one (its messages come from "null"; only its first document counts).
const APP = { targetOrigin: "http://127.0.0.1:9000", maxLoads: null, epoch: 0 };
const OPAQUE = { targetOrigin: "*", maxLoads: 1, epoch: 0 };

function setup() {
  const sent = [];
  const bridge = new FrameBridge({ viewId: "v1", send: (m) => sent.push(m) });
  const app = new FakeWindow("app");
  const sandboxed = new FakeWindow("sandboxed");
  bridge.register(1, () => app, APP);
  bridge.register(2, () => sandboxed, OPAQUE);
  return { sent, bridge, app, sandboxed };
}

const request = { request: "agent.get", referenceId: "0", userAgent: "WWE Client", protocolVersion: 2 };
const PROTOCOL = JSON.parse(readFileSync(new URL("./published-protocol.json", import.meta.url), "utf8")); // as Python publishes it

test("a message from a hosted frame is relayed with its frameId and origin", () => {
  const { sent, bridge, app } = setup();
  assert.equal(bridge.handleMessage({ source: app, origin: "http://127.0.0.1:9000", data: request }), true);
  const document = { epoch: 0, loads: 0 };
  assert.deepEqual(sent, [{ kind: "scapi", view: "v1", n: 1, frameId: 1, document, origin: "http://127.0.0.1:9000", data: request }]);
});

test("messages from windows that are not our frames are dropped", () => {
  const { sent, bridge } = setup();
  const stranger = new FakeWindow("stranger");
  assert.equal(bridge.handleMessage({ source: stranger, origin: "http://127.0.0.1:9000", data: request }), false);
  assert.equal(bridge.handleMessage({ source: null, origin: "http://127.0.0.1:9000", data: request }), false);
  assert.deepEqual(sent, []);
});

test("non-object data and data JSON cannot carry are dropped", () => {
  const { sent, bridge, app } = setup();
  for (const data of ["wwe legacy string", 42, null, undefined, { big: 10n }]) {
    assert.equal(bridge.handleMessage({ source: app, origin: "x", data }), false);
  }
  assert.deepEqual(sent, []);
});

test("undefined inside parameters becomes null, as the JSON comm carries it", () => {
  const { sent, bridge, app } = setup();
  bridge.handleMessage({ source: app, origin: "o", data: { request: "interaction.consult", parameters: ["1", "5001", undefined, undefined] } });
  assert.deepEqual(sent[0].data.parameters, ["1", "5001", null, null]);
});

test("posts go to the target origin Python published: the frame's exact origin, '*' for an opaque frame", () => {
  const { bridge, app, sandboxed } = setup();
  assert.equal(bridge.post(1, { frameId: 1 }), true);
  assert.equal(bridge.post(2, { frameId: 2 }), true);
  assert.deepEqual(app.posted, [{ message: { frameId: 1 }, targetOrigin: "http://127.0.0.1:9000" }]);
  assert.deepEqual(sandboxed.posted, [{ message: { frameId: 2 }, targetOrigin: "*" }]);
});

test("posting to an unknown or unregistered frame does nothing", () => {
  const { bridge, app } = setup();
  assert.equal(bridge.post(7, { x: 1 }), false);
  bridge.unregister(1);
  assert.equal(bridge.post(1, { x: 1 }), false);
  assert.deepEqual(app.posted, []);
  assert.equal(bridge.frameIdOf(app), undefined);
});

test("frameLoaded tells Python which frame has a new document, tagged as this view saw it", () => {
  const { sent, bridge } = setup();
  const seen = bridge.documentLoaded(2);
  bridge.frameLoaded(2, seen);
  assert.deepEqual(sent, [{ kind: "frame-loaded", view: "v1", frameId: 2, document: { epoch: 0, loads: 1 } }]);
  bridge.frameLoaded(7, bridge.documentLoaded(7)); // not a frame of ours: nothing to say
  assert.equal(sent.length, 1);
});

test("messages carry the document they came from: epoch and loads seen so far", () => {
  const sent = [];
  const bridge = new FrameBridge({ viewId: "v1", send: (m) => sent.push(m) });
  const win = new FakeWindow("app");
  bridge.register(3, () => win, { ...OPAQUE, epoch: 4 });
  bridge.handleMessage({ source: win, origin: "null", data: request }); // still loading the first document
  bridge.documentLoaded(3);
  bridge.handleMessage({ source: win, origin: "null", data: request });
  bridge.documentLoaded(3); // the frame navigated: a second document
  bridge.handleMessage({ source: win, origin: "null", data: request });
  assert.deepEqual(sent.map((m) => m.document), [{ epoch: 4, loads: 0 }, { epoch: 4, loads: 1 }, { epoch: 4, loads: 2 }]);
});

test("a document beyond the frame's published maxLoads (an opaque frame's second) is posted nothing", () => {
  const { bridge, app, sandboxed } = setup();
  bridge.documentLoaded(1);
  bridge.documentLoaded(2);
  assert.equal(bridge.post(2, { event: "first document" }), true);
  bridge.documentLoaded(1);
  bridge.documentLoaded(2);
  assert.equal(bridge.post(2, { event: "second document" }), false);
  assert.equal(bridge.post(1, { event: "reload" }), true);
  assert.deepEqual(sandboxed.posted.map((p) => p.message.event), ["first document"]);
  assert.deepEqual(app.posted.map((p) => p.message.event), ["reload"]);
  bridge.register(2, () => sandboxed, { ...OPAQUE, epoch: 1 }); // "Reload app": a new element, a new epoch
  assert.equal(bridge.post(2, { event: "reloaded" }), true);
});

test("toJsonSafe keeps plain data and rejects cycles", () => {
  assert.deepEqual(toJsonSafe({ a: [1, "b", { c: true }] }), { a: [1, "b", { c: true }] });
  const cycle = {};
  cycle.self = cycle;
  assert.equal(toJsonSafe(cycle), undefined);
});

test("a frame element is made anew when its url, load epoch or sandbox changes", () => {
  const app = { url: "http://a/x.html", epoch: 1, mode: "panel", sandbox: "allow-scripts allow-same-origin" };
  assert.equal(frameKey(app), frameKey({ ...app }));
  for (const change of [{ url: "http://a/y.html" }, { epoch: 2 }, { sandbox: "allow-scripts" }, { mode: "popup" }]) {
    assert.notEqual(frameKey({ ...app, ...change }), frameKey(app));
  }
});

test("no frame from the page's own origin is made before Python made it opaque", () => {
  const page = "http://127.0.0.1:8888";
  assert.equal(mayHost({ url: `${page}/a.html`, origin: page, opaque: false }, page), false);
  assert.equal(mayHost({ url: `${page}/a.html`, origin: page, opaque: true }, page), true);
  assert.equal(mayHost({ url: "http://127.0.0.1:9000/a.html", origin: "http://127.0.0.1:9000", opaque: false }, page), true);
});

test("the browser's own URL parser has the last word: a URL it reads as the page's origin is not hosted unsandboxed", () => {
  const page = "http://127.0.0.1:8888";
  const claimed = "http://elsewhere.test"; // whatever Python said, the URL is what loads
  for (const url of ["http://127.1:8888/lab", "http://2130706433:8888/lab", "http://0x7f.0.0.1:8888/", "http://127.0.0.1.:8888/",
    "http://%31%32%37.0.0.1:8888/", "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:8888/", "HTTP://127.0.0.1:8888/"]) {
    assert.equal(mayHost({ url, origin: claimed, opaque: false }, page), false, url);
    assert.equal(mayHost({ url, origin: claimed, opaque: true }, page), true, url);
  }
  assert.equal(mayHost({ url: "not a url", origin: claimed, opaque: false }, page), false);
});

test("only panel and tab apps are shown in the app area", () => {
  assert.deepEqual(["panel", "tab", "popup", "background", "hidden"].map(isVisibleMode), [true, true, false, false, false]);
});

test("reads answered here while a page loads travel with its load, and with what it sends next", async () => {
  const { Replica } = await import("../replica.js");
  const replica = new Replica();
  const reads = { "agent.get": ["answers", "agent.get"] };
  replica.load({
    seq: 1,
    maps: ["answers", "reads"],
    parts: {
      protocol: PROTOCOL,
      answers: [["agent.get", { username: "alex" }]],
      reads: [["1", { origin: "http://127.0.0.1:9000", epoch: 0, maxLoads: null, reads, answers: {} }]],
    },
  });
  const sent = [];
  const bridge = new FrameBridge({ viewId: "v1", send: (m) => sent.push(m), replica });
  const app = new FakeWindow("app");
  bridge.register(1, () => app, APP);
  const event = { source: app, origin: "http://127.0.0.1:9000", data: { ...request, referenceId: "a" } };
  bridge.handleMessage(event); // answered here: the report waits for more
  assert.equal(app.posted.length, 1);
  assert.deepEqual(app.posted[0].message.data, { username: "alex" });
  assert.deepEqual(sent, []);
  bridge.frameLoaded(1, bridge.documentLoaded(1));
  assert.deepEqual(sent.map((m) => m.kind), ["frame-loaded"]);
  assert.deepEqual(sent[0].answered.map((r) => r.data.referenceId), ["a"]);
  bridge.handleMessage({ ...event, data: { ...request, referenceId: "b" } });
  bridge.handleMessage({ ...event, data: { request: "voice.dial", parameters: ["1"], referenceId: "c", userAgent: "WWE Client" } });
  assert.deepEqual(sent.map((m) => m.kind), ["frame-loaded", "scapi"]); // the write carries the read before it
  assert.deepEqual(sent[1].answered.map((r) => r.data.referenceId), ["b"]);
  assert.equal(sent[1].data.referenceId, "c");
  bridge.handleMessage({ ...event, data: { request: "voice.dial", parameters: ["2"], referenceId: "d", userAgent: "WWE Client" } });
  assert.equal(Object.hasOwn(sent[2], "answered"), false); // nothing answered since: nothing carried
  bridge.flushReports();
  assert.equal(sent.length, 3);
});

test("a read whose lookup fails in the replica is reported and goes to Python, which answers it", () => {
  const errors = [];
  const broken = { loaded: true, lookup() { throw new TypeError("a bug"); }, get() { throw new TypeError("a bug"); }, parts: new Map() };
  const sent = [];
  const bridge = new FrameBridge({ viewId: "v1", send: (m) => sent.push(m), replica: broken, reportError: (where, error) => errors.push([where, error.message]) });
  const app = new FakeWindow("app");
  bridge.register(1, () => app, APP);
  assert.equal(bridge.handleMessage({ source: app, origin: "http://127.0.0.1:9000", data: request }), true);
  assert.deepEqual(sent.map((m) => m.kind), ["scapi"]);
  assert.deepEqual(errors.map(([where]) => where), ["answering a read from the replica (Python answers it instead)", "telling a read from a write (taken for a write)"]);
  assert.deepEqual(app.posted, []);
});

test("a frame's window is looked up when needed: one made before its element was in the page is heard once it is", () => {
  const sent = [];
  const bridge = new FrameBridge({ viewId: "v1", send: (m) => sent.push(m) });
  let current = null; // an iframe not in the page has no window
  bridge.register(1, () => current, APP);
  assert.equal(bridge.post(1, { early: true }), false);
  current = new FakeWindow("attached");
  assert.equal(bridge.handleMessage({ source: current, origin: "http://127.0.0.1:9000", data: request }), true);
  assert.equal(bridge.post(1, { frameId: 1 }), true);
  assert.deepEqual(current.posted, [{ message: { frameId: 1 }, targetOrigin: "http://127.0.0.1:9000" }]);
  const before = current;
  current = new FakeWindow("put in again"); // moved in the page: a new window, the old one is no longer ours
  assert.equal(bridge.handleMessage({ source: before, origin: "http://127.0.0.1:9000", data: request }), false);
  assert.equal(sent.length, 1);
});
