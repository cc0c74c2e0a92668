// Unit tests of reads answered in the browser (js/local-reads.js): only a message of exactly the
// published shape, from the frame's current document and expected origin, for a read Python listed
// for that frame, is answered, with the exact success envelope; anything else goes to Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Replica } from "../replica.js";
import { conforms, leavesReadsAlone, localAnswer } from "../local-reads.js";

const APP = "http://app.test";
// What scapi_widget/service/local_reads.py publishes as part "protocol", written out by Python
// (tests/test_local_reads.py fails when this file is not what Python publishes).
const PROTOCOL = JSON.parse(readFileSync(new URL("./published-protocol.json", import.meta.url), "utf8"));
const AGENT = { employeeId: "7001", state: { type: "READY" } };
const CALL = { interactionId: "10", state: "TALKING", userData: { CustomerId: "C-1" } };
const CHAT = { interactionId: "2", state: "RINGING", userData: {} };
const PATHS = {
  "agent.get": ["answers", "agent.get"],
  "interaction.getByInteractionId": ["app_interactions", "{0}"],
  "interaction.getInteractions": ["app_interactions", "*"],
};

function published() {
  const replica = new Replica();
  replica.load({
    seq: 1,
    maps: ["answers", "app_interactions", "reads"],
    parts: {
      protocol: PROTOCOL,
      answers: [["agent.get", AGENT]],
      app_interactions: [["10", CALL], ["2", CHAT]],
      reads: [
        ["7", { origin: APP, epoch: 2, maxLoads: null, reads: PATHS, answers: {} }],
        ["8", { origin: "null", epoch: 0, maxLoads: 1, reads: { "agent.get": ["answers", "agent.get"] }, answers: {} }],
      ],
    },
  });
  return replica;
}

const DOC = { epoch: 2, loads: 1 };
const read = (request, extra = {}) => ({ request, referenceId: "r1", userAgent: "WWE Client", protocolVersion: 2, ...extra });

test("a read of the published shape gets the exact success envelope", () => {
  const replica = published();
  const local = localAnswer(replica, 7, APP, DOC, read("agent.get", { frameId: 7 }));
  assert.deepEqual(local.data, AGENT);
  assert.equal(JSON.stringify(local.answer), JSON.stringify({ referenceId: "r1", data: AGENT, userAgent: "WWE Server", protocolVersion: 2 }));
  assert.deepEqual(Object.keys(local.answer), ["referenceId", "data", "userAgent", "protocolVersion"]);
  assert.equal(replica.get("protocol").answer.referenceId, ""); // the template is not touched
});

test("keyed and listed reads look the parameter up, and list a map's values in Python's order", () => {
  const replica = published();
  assert.deepEqual(localAnswer(replica, 7, APP, DOC, read("interaction.getByInteractionId", { parameters: ["10"] })).data, CALL);
  assert.deepEqual(localAnswer(replica, 7, APP, DOC, read("interaction.getInteractions")).data, [CALL, CHAT]);
  assert.deepEqual(localAnswer(replica, 7, APP, DOC, read("interaction.getInteractions", { parameters: [] })).data, [CALL, CHAT]);
  assert.deepEqual(localAnswer(replica, 7, APP, DOC, read("interaction.getInteractions", { parameters: null })).data, [CALL, CHAT]);
});

test("what the client may leave out or vary is still answered", () => {
  const replica = published();
  const accepted = [
    { request: "agent.get", referenceId: "r1", userAgent: "WWE Client" }, // no protocolVersion, no frameId
    read("agent.get", { protocolVersion: 1 }),
    read("agent.get", { referenceId: 5 }),
    read("agent.get", { referenceId: -5 }),
    read("agent.get", { referenceId: "x".repeat(256) }),
    read("agent.get", { frameId: 99 }), // an integer frameId: Python checks it, not the answer
  ];
  for (const data of accepted) {
    const local = localAnswer(replica, 7, APP, DOC, data);
    assert.ok(local, JSON.stringify(data).slice(0, 80));
    assert.equal(local.answer.referenceId, data.referenceId);
  }
  const opaque = localAnswer(replica, 8, "null", { epoch: 0, loads: 1 }, read("agent.get"));
  assert.deepEqual(opaque.data, AGENT);
  assert.ok(localAnswer(replica, 8, "null", { epoch: 0, loads: 0 }, read("agent.get"))); // still loading its first
});

test("every deviation from the published shape goes to Python", () => {
  const replica = published();
  const deviations = {
    "an extra field": read("agent.get", { extra: 1 }),
    "an event field": read("agent.get", { event: "subscribe" }),
    "another userAgent": read("agent.get", { userAgent: "WWE Server" }),
    "no userAgent": { request: "agent.get", referenceId: "r1" },
    "protocolVersion 3": read("agent.get", { protocolVersion: 3 }),
    "protocolVersion as text": read("agent.get", { protocolVersion: "2" }),
    "protocolVersion null": read("agent.get", { protocolVersion: null }),
    "referenceId empty": read("agent.get", { referenceId: "" }),
    "referenceId 0": read("agent.get", { referenceId: 0 }),
    "referenceId 1.5": read("agent.get", { referenceId: 1.5 }),
    "referenceId unsafe": read("agent.get", { referenceId: 2 ** 53 }),
    "referenceId too long": read("agent.get", { referenceId: "x".repeat(257) }),
    "referenceId a lone surrogate": read("agent.get", { referenceId: "a\ud800" }),
    "referenceId missing": { request: "agent.get", userAgent: "WWE Client" },
    "referenceId an object": read("agent.get", { referenceId: { id: 1 } }),
    "parameters for a read without": read("agent.get", { parameters: ["x"] }),
    "too few parameters": read("interaction.getByInteractionId"),
    "too many parameters": read("interaction.getByInteractionId", { parameters: ["10", "2"] }),
    "a parameter that is a number": read("interaction.getByInteractionId", { parameters: [10] }),
    "a parameter that is a lone surrogate": read("interaction.getByInteractionId", { parameters: ["\udc00"] }),
    "parameters not a list": read("interaction.getByInteractionId", { parameters: "10" }),
    "more characters than allowed": read("interaction.getByInteractionId", { parameters: ["x".repeat(1000001)] }),
    "frameId as text": read("agent.get", { frameId: "7" }),
    "frameId 1.5": read("agent.get", { frameId: 1.5 }),
    "a request not listed for the frame": read("voice.dial", { parameters: ["5001"] }),
    "a request that is inherited": read("toString"),
    "no request": { referenceId: "r1", userAgent: "WWE Client" },
    "a lookup miss": read("interaction.getByInteractionId", { parameters: ["99"] }),
    "a miss through the prototype": read("interaction.getByInteractionId", { parameters: ["__proto__"] }),
    "an array": [read("agent.get")],
    "a string": "agent.get",
    "null": null,
  };
  for (const [why, data] of Object.entries(deviations)) {
    assert.equal(localAnswer(replica, 7, APP, DOC, data), undefined, why);
  }
});

test("only the frame's current document, from the origin Python expects, is answered", () => {
  const replica = published();
  const data = read("agent.get");
  assert.ok(localAnswer(replica, 7, APP, DOC, data)); // the control
  assert.equal(localAnswer(replica, 7, "http://evil.test", DOC, data), undefined, "wrong origin");
  assert.equal(localAnswer(replica, 7, "null", DOC, data), undefined, "opaque origin for a frame that is not opaque");
  assert.equal(localAnswer(replica, 7, APP, { epoch: 1, loads: 1 }, data), undefined, "another epoch");
  assert.equal(localAnswer(replica, 7, APP, undefined, data), undefined, "no document");
  assert.equal(localAnswer(replica, 8, "null", { epoch: 0, loads: 2 }, data), undefined, "an opaque frame's second document");
  assert.equal(localAnswer(replica, 8, APP, { epoch: 0, loads: 1 }, data), undefined, "a real origin from an opaque frame");
  assert.equal(localAnswer(replica, 9, APP, DOC, data), undefined, "a frame Python did not publish");
  assert.ok(localAnswer(replica, 7, APP, { epoch: 2, loads: 5 }, data), "a frame that is not opaque may navigate");
});

test("a stale or empty replica answers nothing", () => {
  const replica = published();
  assert.equal(replica.apply(3, []), null); // a gap
  assert.equal(localAnswer(replica, 7, APP, DOC, read("agent.get")), undefined);
  assert.equal(localAnswer(new Replica(), 7, APP, DOC, read("agent.get")), undefined);
  const noRules = new Replica();
  noRules.load({ seq: 1, maps: ["answers", "reads"], parts: { answers: [["agent.get", AGENT]], reads: [["7", { origin: APP, epoch: 2, maxLoads: null, reads: PATHS }]] } });
  assert.equal(localAnswer(noRules, 7, APP, DOC, read("agent.get")), undefined);
});

test("leavesReadsAlone: subscriptions and the frame's listed reads do; anything else may not", () => {
  const replica = published();
  const subscribe = { event: "subscribe", data: ["agent"], referenceId: "s", userAgent: "WWE Client" };
  assert.equal(leavesReadsAlone(replica, 7, subscribe), true);
  assert.equal(leavesReadsAlone(replica, 7, { ...subscribe, event: "unsubscribe" }), true);
  assert.equal(leavesReadsAlone(replica, 9, subscribe), true); // whatever the frame
  assert.equal(leavesReadsAlone(replica, 7, { ...subscribe, request: "voice.dial" }), false);
  assert.equal(leavesReadsAlone(replica, 7, { ...subscribe, event: "other" }), false);
  assert.equal(leavesReadsAlone(replica, 7, read("agent.get", { extra: 1 })), true); // a read, even one Python answers
  assert.equal(leavesReadsAlone(replica, 7, read("voice.dial")), false);
  assert.equal(leavesReadsAlone(replica, 7, read("toString")), false);
  assert.equal(leavesReadsAlone(replica, 8, read("interaction.getInteractions")), false); // not listed for frame 8
  assert.equal(leavesReadsAlone(replica, 9, read("agent.get")), false);
  assert.equal(leavesReadsAlone(replica, 7, null), false);
  assert.equal(leavesReadsAlone(new Replica(), 7, subscribe), false);
});

test("conforms matches a value against a shape and counts its strings and keys", () => {
  const shape = { type: "object", fields: { a: { type: "string", maxLength: 3 }, b: { type: "array", items: { type: "integer" }, nullable: true } }, required: ["a"] };
  const budget = { chars: 0 };
  assert.equal(conforms({ a: "xyz", b: [1, 2] }, shape, budget), true);
  assert.equal(budget.chars, 5); // "xyz", "a", "b"
  assert.equal(conforms({ a: "x", b: null }, shape, { chars: 0 }), true);
  for (const value of [{ a: "long" }, { b: [1] }, { a: "x", c: 1 }, { a: "x", b: [1.5] }, { a: 1 }, ["x"], "x", null, { a: "\ud800" }]) {
    assert.equal(conforms(value, shape, { chars: 0 }), false, JSON.stringify(value));
  }
  assert.equal(conforms(0, { anyOf: [{ type: "string" }, { type: "integer", not: 0 }] }, { chars: 0 }), false);
  assert.equal(conforms(2, { type: "integer", in: [1, 2] }, { chars: 0 }), true);
  assert.equal(conforms("2", { type: "integer", in: [1, 2] }, { chars: 0 }), false);
  assert.equal(conforms(1, {}, { chars: 0 }), false); // a shape without a type accepts nothing
});
