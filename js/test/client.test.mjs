// Unit tests of scapi-client.js, loaded as a classic script into a fake window (node:vm).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const SOURCE = readFileSync(fileURLToPath(new URL("../client/scapi-client.js", import.meta.url)), "utf8");

class FakeHost {
  constructor() {
    this.posted = [];
  }
  postMessage(message, targetOrigin) {
    this.posted.push({ message: structuredClone(message), targetOrigin });
  }
}

/** A fresh page with the client loaded; `deliver` plays a message from the host. */
function load({ opener = null } = {}) {
  const listeners = [];
  const host = new FakeHost();
  const window = {
    parent: host,
    opener,
    console: { error() {}, log() {} },
    addEventListener: (type, fn) => type === "message" && listeners.push(fn),
    removeEventListener: (type, fn) => {
      const i = listeners.indexOf(fn);
      if (i >= 0) listeners.splice(i, 1);
    },
  };
  const context = vm.createContext({ window, setTimeout, clearTimeout, Promise, Error, JSON, Array, Object, String });
  vm.runInContext(SOURCE, context);
  const service = window.genesys.wwe.service;
  const deliver = (data, source = host) => listeners.slice().forEach((fn) => fn({ data, source, origin: "http://desk" }));
  const last = () => host.posted[host.posted.length - 1].message;
  const reply = (fields) => deliver({ userAgent: "WWE Server", protocolVersion: 2, referenceId: last().referenceId, ...fields });
  return { window, service, host, deliver, last, reply, listeners };
}

test("envelope: userAgent, protocolVersion, referenceId counting from 0, no parameters for zero-arg methods", () => {
  const { service, host } = load();
  service.agent.get(() => {});
  service.agent.setState("NotReady", () => {});
  assert.deepEqual(host.posted.map((p) => p.message), [
    { request: "agent.get", referenceId: "0", userAgent: "WWE Client", protocolVersion: 2 },
    { request: "agent.setState", parameters: ["NotReady"], referenceId: "1", userAgent: "WWE Client", protocolVersion: 2 },
  ]);
  assert.equal(host.posted[0].targetOrigin, "*");
  service.unload();
});

test("optional values become null, and dial/email.create accept the callback in the userData position", () => {
  const { service, host, reply } = load();
  let ok = 0;
  service.voice.dial("5001", () => ok++);
  service.email.create("a@b.c", () => ok++);
  service.interaction.consult("1", "5001", undefined, undefined, () => {});
  service.voice.dialEx("5001", { a: 1 }, undefined, () => {});
  assert.deepEqual(host.posted.map((p) => p.message.parameters), [
    ["5001", null],
    ["a@b.c", null],
    ["1", "5001", null, null],
    ["5001", { a: 1 }, null],
  ]);
  service.voice.dial("5002", () => ok++);
  reply({});
  assert.equal(ok, 1);
  service.unload();
});

test("success and failure callbacks get the whole envelope without referenceId; an empty errorMessage is a failure", () => {
  const { service, reply } = load();
  const got = [];
  service.agent.get((r) => got.push(["ok", r]), (r) => got.push(["fail", r]));
  reply({ data: { firstname: "Alex" } });
  service.voice.hold("9", (r) => got.push(["ok", r]), (r) => got.push(["fail", r]));
  reply({ errorMessage: "" });
  assert.deepEqual(got, [
    ["ok", { userAgent: "WWE Server", protocolVersion: 2, data: { firstname: "Alex" } }],
    ["fail", { userAgent: "WWE Server", protocolVersion: 2, errorMessage: "" }],
  ]);
});

test("timeout: 'Request timeout' (a string), and a late reply is ignored", async () => {
  const { service, reply } = load();
  service.setTimeout(20);
  const got = [];
  service.agent.get((r) => got.push(["ok", r]), (r) => got.push(["fail", r]));
  await new Promise((r) => setTimeout(r, 40));
  reply({ data: 1 });
  assert.deepEqual(got, [["fail", "Request timeout"]]);
});

test("without callbacks a method returns a Promise", async () => {
  const { service, reply } = load();
  const pending = service.agent.getState();
  reply({ data: { type: "READY" } });
  assert.deepEqual((await pending).data, { type: "READY" });
  const failing = service.voice.hold("9");
  reply({ errorMessage: "no interaction with id '9'" });
  await assert.rejects(failing, (err) => err.message === "no interaction with id '9'" && err.response.errorMessage !== undefined);
  service.setTimeout(10);
  await assert.rejects(service.agent.get(), (err) => err.message === "Request timeout" && err.response === undefined);
});

test("frameId handshake: stored, then added to every message", () => {
  const { service, host, deliver } = load();
  deliver({ frameId: 3, userAgent: "WWE Server" });
  service.agent.get(() => {});
  assert.equal(host.posted[0].message.frameId, 3);
  service.unload();
});

test("subscribe, events routed to the callback with its context, unsubscribe of an array removes all names", async () => {
  const { service, host, deliver, reply } = load();
  const got = [];
  const context = { name: "ctx" };
  function onEvent(message) {
    got.push([this.name, message.event, message.data.eventType]);
  }
  service.subscribe(["agent", "interaction"], onEvent, context);
  assert.deepEqual(host.posted[0].message, { event: "subscribe", data: ["agent", "interaction"], referenceId: "0", userAgent: "WWE Client", protocolVersion: 2 });
  reply({ subscriptionId: "7" });
  await new Promise((r) => setTimeout(r, 0));
  deliver({ event: "agent", data: { eventType: "STATE_CHANGED" }, userAgent: "WWE Server", protocolVersion: 2 });
  deliver({ event: "interaction", data: { eventType: "RINGING" }, userAgent: "WWE Server", protocolVersion: 2 });
  deliver({ event: "media", data: { eventType: "STATE_CHANGED" }, userAgent: "WWE Server", protocolVersion: 2 });
  assert.deepEqual(got, [["ctx", "agent", "STATE_CHANGED"], ["ctx", "interaction", "RINGING"]]);
  service.unsubscribe(onEvent);
  const sent = host.posted[host.posted.length - 1].message;
  assert.equal(sent.event, "unsubscribe");
  assert.equal(sent.data, "7");
  deliver({ event: "agent", data: { eventType: "STATE_CHANGED" }, userAgent: "WWE Server", protocolVersion: 2 });
  deliver({ event: "interaction", data: { eventType: "RELEASED" }, userAgent: "WWE Server", protocolVersion: 2 });
  assert.equal(got.length, 2);
});

test("subscribeAsync resolves with the subscriptionId", async () => {
  const { service, reply } = load();
  const pending = service.subscribeAsync("messenger:chan", () => {});
  reply({ subscriptionId: "12" });
  assert.equal(await pending, "12");
});

test("messages from another window, or without a WWE userAgent, are ignored", () => {
  const { service, deliver, last } = load();
  const got = [];
  service.agent.get((r) => got.push(r));
  const ref = last().referenceId;
  deliver({ referenceId: ref, data: "forged", userAgent: "WWE Server" }, new FakeHost());
  deliver({ referenceId: ref, data: "no agent" });
  deliver({ referenceId: ref, data: "other agent", userAgent: "Mozilla" });
  assert.deepEqual(got, []);
  deliver({ referenceId: ref, data: "real", userAgent: "WWE Server" });
  assert.equal(got[0].data, "real");
});

test("legacy onMessage hook receives 'wwe…' strings", () => {
  const { service, deliver } = load();
  const got = [];
  service.onMessage = (text) => got.push(text);
  deliver("wweHello");
  deliver("other");
  assert.deepEqual(got, ["wweHello"]);
});

test("targetWWEWindow and setHostOrigin redirect where requests go", () => {
  const { service, host } = load();
  const other = new FakeHost();
  service.targetWWEWindow(other);
  service.setHostOrigin("http://desk");
  service.agent.get(() => {});
  assert.equal(host.posted.length, 0);
  assert.deepEqual([other.posted[0].message.request, other.posted[0].targetOrigin], ["agent.get", "http://desk"]);
  service.unload();
});

test("a popup posts to its opener", () => {
  const opener = new FakeHost();
  const { service, host } = load({ opener });
  service.system.amIVisible(() => {});
  assert.equal(host.posted.length, 0);
  assert.equal(opener.posted[0].message.request, "system.amIVisible");
  service.unload();
});

test("unload clears timers and stops listening", () => {
  const { service, listeners } = load();
  service.agent.get(() => {});
  service.unload();
  assert.equal(listeners.length, 0);
});

// Every current request of the spec: [namespace, method, parameter count].
const SURFACE = [
  ["agent", "get", 0], ["agent", "getState", 0], ["agent", "getStateList", 0], ["agent", "setState", 1],
  ["auth", "getJwtToken", 0], ["auth", "getPureCloudToken", 1],
  ["configuration", "getOption", 1], ["configuration", "getContextualOption", 2], ["email", "create", 2],
  ["interaction", "getInteractions", 0], ["interaction", "getByInteractionId", 1], ["interaction", "setUserData", 2],
  ["interaction", "deleteUserData", 2], ["interaction", "selectCaseByCaseId", 1], ["interaction", "markdone", 1],
  ["interaction", "blockMarkdone", 2], ["interaction", "unblockMarkdone", 1], ["interaction", "accept", 1],
  ["interaction", "reject", 1], ["interaction", "consult", 4], ["interaction", "singleStepTransfer", 4],
  ["interaction", "singleStepConference", 4], ["interaction", "completeTransfer", 1], ["interaction", "completeConference", 1],
  ["media", "getMediaList", 0], ["media", "getMediaByName", 1], ["media", "setState", 2],
  ["messenger", "broadcastMessage", 2],
  ["outbound", "getCampaigns", 0], ["outbound", "getPreviewRecord", 1], ["outbound", "callPreviewRecord", 2],
  ["outbound", "rejectPreviewRecord", 1], ["outbound", "cancelPreviewRecord", 1], ["outbound", "startDirectPushPreview", 0],
  ["outbound", "stopDirectPushPreview", 0], ["outbound", "rescheduleRecord", 4], ["outbound", "cancelReschedule", 1],
  ["outbound", "getListOfCallResults", 0], ["outbound", "setCallResult", 2], ["outbound", "getCallResult", 1],
  ["outbound", "setDoNotCall", 1], ["outbound", "removeDoNotCall", 1], ["outbound", "getChainedRecords", 1],
  ["outbound", "getRecordFields", 1], ["outbound", "updateRecordFields", 2],
  ["sipEndpoint", "isMicrophoneMute", 0], ["sipEndpoint", "muteMicrophone", 0], ["sipEndpoint", "unmuteMicrophone", 0],
  ["sipEndpoint", "isSpeakerMute", 0], ["sipEndpoint", "muteSpeaker", 0], ["sipEndpoint", "unmuteSpeaker", 0],
  ["system", "getAllowedServices", 0], ["system", "triggerActivity", 0], ["system", "popupToast", 1],
  ["system", "updateToast", 2], ["system", "closeToast", 1], ["system", "openDialog", 2], ["system", "closeDialog", 1],
  ["system", "updateViewInApplicationMenuBar", 1], ["system", "closeViewInApplicationMenuBar", 1], ["system", "amIVisible", 0],
  ["system", "isFrameLeading", 0], ["system", "isFrameFollowing", 0], ["system", "isFrameNegotiating", 0],
  ["system", "isFrameLeadingOrNegotiating", 0], ["system", "isLastActiveFrame", 0],
  ["voice", "dial", 2], ["voice", "dialEx", 3], ["voice", "answer", 1], ["voice", "hangUp", 1], ["voice", "hold", 1],
  ["voice", "resume", 1], ["voice", "startCallRecording", 1], ["voice", "stopCallRecording", 1],
  ["voice", "pauseCallRecording", 1], ["voice", "resumeCallRecording", 1],
];

test("every request of the spec exists and sends its name and parameter count", () => {
  const { service, host } = load();
  for (const [ns, method, count] of SURFACE) {
    const args = Array.from({ length: count }, (_, i) => `p${i}`);
    service[ns][method](...args, () => {});
    const message = host.posted[host.posted.length - 1].message;
    assert.equal(message.request, `${ns}.${method}`);
    assert.equal(count === 0 ? message.parameters : message.parameters.length, count === 0 ? undefined : count, `${ns}.${method}`);
  }
  assert.equal(SURFACE.length, 76);
  service.unload();
});
