// Unit tests of the popup relay's logic with fake windows (no DOM).
import { test } from "node:test";
import assert from "node:assert/strict";
import { relayMain, RELAY_DOC } from "../popup-relay.js";

class FakeWindow {
  constructor(name) {
    this.name = name;
    this.posted = [];
    this.closed = false;
    this.focused = 0;
  }
  postMessage(message, targetOrigin) {
    this.posted.push({ message, targetOrigin });
  }
  close() {
    this.closed = true;
  }
  focus() {
    this.focused += 1;
  }
}

class FakeElement {
  constructor() {
    this.hidden = false;
    this.textContent = "";
    this.listeners = {};
  }
  addEventListener(type, fn) {
    this.listeners[type] = fn;
  }
}

/** A relay window whose window.open returns the windows in `opens` (null: blocked). */
function relay(opens) {
  const win = new FakeWindow("relay");
  const elements = { open: new FakeElement(), note: new FakeElement() };
  const listeners = {};
  win.parent = new FakeWindow("desktop");
  win.document = { getElementById: (id) => elements[id] };
  win.addEventListener = (type, fn) => {
    listeners[type] = fn;
  };
  win.setInterval = () => 0;
  win.opened = [];
  win.open = (url, name, features) => {
    win.opened.push({ url, name, features });
    return opens.shift() ?? null;
  };
  relayMain(win);
  const port = { onmessage: null, sent: [], postMessage(message) { this.sent.push(message); } };
  const setup = () =>
    listeners.message({ source: win.parent, data: { url: "http://a/app.html", label: "CRM", name: "scapi-app-3" }, ports: [port] });
  return { win, elements, listeners, port, setup };
}

test("the relay opens the popup only once the desktop set it up through a port", () => {
  const popup = new FakeWindow("popup");
  const r = relay([popup]);
  r.listeners.message({ source: r.win.parent, data: { url: "http://a/app.html", name: "x" }, ports: [] }); // no port
  r.listeners.message({ source: new FakeWindow("stranger"), data: { url: "http://evil/", name: "x" }, ports: [{}] });
  assert.deepEqual(r.win.opened, []);
  r.setup();
  assert.deepEqual(r.win.opened, [{ url: "http://a/app.html", name: "scapi-app-3", features: "popup,width=720,height=640" }]);
  assert.equal(r.elements.open.hidden, true);
  assert.equal(r.elements.note.textContent, "CRM runs in a popup window");
});

test("messages go popup -> desktop and desktop -> popup as data; other windows are ignored", () => {
  const popup = new FakeWindow("popup");
  const r = relay([popup]);
  r.setup();
  const request = { request: "agent.get", referenceId: "1" };
  r.listeners.message({ source: popup, data: request });
  r.listeners.message({ source: r.win.parent, data: { referenceId: "1", data: {} } });
  r.listeners.message({ source: new FakeWindow("stranger"), data: { request: "voice.dial" } });
  r.listeners.message({ source: r.win.parent, data: { url: "http://evil/", name: "again" }, ports: [{}] }); // set up once
  assert.deepEqual(r.win.parent.posted, [{ message: request, targetOrigin: "*" }]);
  assert.deepEqual(popup.posted.map((p) => p.message), [{ referenceId: "1", data: {} }, { url: "http://evil/", name: "again" }]);
  assert.equal(r.win.opened.length, 1);
});

test("a blocked popup shows the Open button, whose click opens it", () => {
  const popup = new FakeWindow("popup");
  const r = relay([null, popup]);
  r.setup();
  assert.equal(r.elements.open.hidden, false);
  assert.equal(r.elements.open.textContent, "Open CRM \u2197");
  r.listeners.message({ source: r.win.parent, data: { event: "x" } }); // nowhere to go yet: dropped
  r.elements.open.listeners.click();
  assert.equal(r.elements.open.hidden, true);
  r.elements.open.listeners.click(); // already open: focus it, do not open another
  assert.equal(popup.focused, 1);
  assert.equal(r.win.opened.length, 2);
  assert.deepEqual(popup.posted, []);
});

test("the popup closes when the desktop says so or when the relay goes away", () => {
  const first = new FakeWindow("first");
  const r = relay([first]);
  r.setup();
  r.port.onmessage({ data: "something else" });
  assert.equal(first.closed, false);
  assert.deepEqual(r.port.sent, []);
  r.port.onmessage({ data: "close" });
  assert.equal(first.closed, true);
  assert.deepEqual(r.port.sent, ["closed"]); // only then may the desktop remove the relay
  const second = new FakeWindow("second");
  const s = relay([second]);
  s.setup();
  s.listeners.pagehide();
  assert.equal(second.closed, true);
});

test("the relay document inlines the relay and nothing else can end its script", () => {
  assert.ok(RELAY_DOC.includes(relayMain.toString()));
  assert.equal(RELAY_DOC.split("</script>").length, 2);
  assert.ok(RELAY_DOC.endsWith("</script>"));
});
