// Unit tests of the widget's frame bridge with fake windows (no DOM).
import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameBridge, toJsonSafe } from "../frame-bridge.js";
import { sandboxFor, isVisibleMode } from "../frames-view.js";

class FakeWindow {
  constructor(name) {
    this.name = name;
    this.posted = [];
  }
  postMessage(message, targetOrigin) {
    this.posted.push({ message, targetOrigin });
  }
}

function setup() {
  const sent = [];
  const bridge = new FrameBridge({ viewId: "v1", send: (m) => sent.push(m) });
  const app = new FakeWindow("app");
  const sandboxed = new FakeWindow("sandboxed");
  bridge.register(1, app, "http://127.0.0.1:9000", false);
  bridge.register(2, sandboxed, "http://127.0.0.1:8888", true);
  return { sent, bridge, app, sandboxed };
}

const request = { request: "agent.get", referenceId: "0", userAgent: "WWE Client", protocolVersion: 2 };

test("a message from a hosted frame is relayed with its frameId and origin", () => {
  const { sent, bridge, app } = setup();
  assert.equal(bridge.handleMessage({ source: app, origin: "http://127.0.0.1:9000", data: request }), true);
  assert.deepEqual(sent, [{ kind: "scapi", view: "v1", frameId: 1, origin: "http://127.0.0.1:9000", data: request }]);
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

test("posts go to the frame's exact origin, and '*' only for our opaque frames", () => {
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

test("frameLoaded tells Python which frame has a new document", () => {
  const { sent, bridge } = setup();
  bridge.frameLoaded(2);
  assert.deepEqual(sent, [{ kind: "frame-loaded", view: "v1", frameId: 2 }]);
});

test("toJsonSafe keeps plain data and rejects cycles", () => {
  assert.deepEqual(toJsonSafe({ a: [1, "b", { c: true }] }), { a: [1, "b", { c: true }] });
  const cycle = {};
  cycle.self = cycle;
  assert.equal(toJsonSafe(cycle), undefined);
});

test("sandbox: same-origin apps never get allow-same-origin", () => {
  assert.ok(!sandboxFor({ opaque: true }).includes("allow-same-origin"));
  assert.ok(sandboxFor({ opaque: false }).includes("allow-same-origin"));
  assert.ok(sandboxFor({ opaque: true }).includes("allow-scripts"));
});

test("only panel and tab apps are shown in the app area", () => {
  assert.deepEqual(["panel", "tab", "popup", "background", "hidden"].map(isVisibleMode), [true, true, false, false, false]);
});
