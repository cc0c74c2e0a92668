// Unit tests of the view's replica (js/replica.js): snapshots, numbered ops, gaps, map order, lookups.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Replica } from "../replica.js";

const MAPS = ["actions", "answers", "app_interactions", "interactions", "media_by_name", "menu_views", "reads"];

function loaded(parts = {}, seq = 3) {
  const replica = new Replica();
  replica.load({ seq, maps: MAPS, parts });
  return replica;
}

const call = (state = "RINGING") => ({ interactionId: "1", state, userData: { CustomerId: "C" } });

test("nothing is loaded until a snapshot, and ops before it cannot be applied", () => {
  const replica = new Replica();
  assert.equal(replica.loaded, false);
  assert.equal(replica.apply(1, [[["agent_info"], {}]]), null);
  assert.equal(replica.lookup(["agent_info"], []), undefined);
  const names = replica.load({ seq: 5, maps: MAPS, parts: { agent_info: { name: "A" }, interactions: [["1", call()]] } });
  assert.deepEqual([...names].sort(), ["agent_info", "interactions"]);
  assert.equal(replica.loaded, true);
  assert.equal(replica.seq, 5);
  assert.ok(replica.parts.get("interactions") instanceof Map);
});

test("ops set and delete parts, map keys and fields, and say which parts changed", () => {
  const replica = loaded({ agent_info: { name: "A" }, interactions: [["1", call()], ["2", call()]], toasts: [] });
  const changed = replica.apply(4, [
    [["interactions", "2", "state"], "TALKING"],
    [["interactions", "1"]],
    [["interactions", "3"], call("DIALING")],
    [["agent_info"], { name: "B" }],
  ]);
  assert.deepEqual([...changed].sort(), ["agent_info", "interactions"]);
  assert.equal(replica.seq, 4);
  assert.deepEqual(replica.get("interactions"), { 2: call("TALKING"), 3: call("DIALING") });
  assert.deepEqual(replica.get("agent_info"), { name: "B" });
  assert.deepEqual([...replica.apply(5, [[["toasts"]]])], ["toasts"]);
  assert.equal(replica.get("toasts"), undefined);
  assert.deepEqual([...replica.apply(6, [[["interactions"], [["9", call()]]]])], ["interactions"]);
  assert.deepEqual([...replica.parts.get("interactions").keys()], ["9"]);
});

test("ops reach keys at any depth inside a map's entry, each an own property whatever its name", () => {
  const replica = loaded({ interactions: [["1", { state: "TALKING", userData: { Big: "x", Nested: { a: 1 } } }]] });
  replica.apply(4, [
    [["interactions", "1", "userData", "Counter"], 1],
    [["interactions", "1", "userData", "Nested", "b"], [2]],
    [["interactions", "1", "userData", "Big"]],
    [["interactions", "1", "userData", "__proto__"], { polluted: true }],
  ]);
  const userData = replica.get("interactions")[1].userData;
  assert.deepEqual(Object.keys(userData), ["Nested", "Counter", "__proto__"]);
  assert.deepEqual(userData.Nested, { a: 1, b: [2] });
  assert.equal(Object.getPrototypeOf(userData), Object.prototype); // a key, never the prototype
  assert.equal(userData.polluted, undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(userData)), JSON.parse('{"Nested": {"a": 1, "b": [2]}, "Counter": 1, "__proto__": {"polluted": true}}'));
  replica.apply(5, [[["interactions", "1", "userData", "__proto__"]]]);
  assert.deepEqual(Object.keys(replica.get("interactions")[1].userData), ["Nested", "Counter"]);
  // the names Object.prototype holds (as data, not accessors) become own data properties too
  replica.apply(6, [[["interactions", "1", "userData", "constructor"], "c"], [["interactions", "1", "userData", "toString"], 1]]);
  const own = replica.get("interactions")[1].userData;
  assert.deepEqual(Object.entries(own), [["Nested", { a: 1, b: [2] }], ["Counter", 1], ["constructor", "c"], ["toString", 1]]);
  assert.equal(Object.getPrototypeOf(own), Object.prototype);
});

test("a batch the replica already holds is skipped; a gap makes it stale until the next snapshot", () => {
  const replica = loaded({ agent_info: { name: "A" } });
  assert.deepEqual(replica.apply(3, [[["agent_info"], { name: "old" }]]), new Set());
  assert.deepEqual(replica.apply(2, [[["agent_info"], { name: "older" }]]), new Set());
  assert.deepEqual(replica.get("agent_info"), { name: "A" });
  assert.equal(replica.apply(5, [[["agent_info"], { name: "C" }]]), null);
  assert.equal(replica.stale, true);
  assert.equal(replica.loaded, false);
  assert.equal(replica.apply(4, [[["agent_info"], { name: "B" }]]), null); // stale: even the next one waits
  assert.deepEqual(replica.get("agent_info"), { name: "A" });
  replica.load({ seq: 9, maps: MAPS, parts: { agent_info: { name: "D" } } });
  assert.equal(replica.loaded, true);
  assert.deepEqual([...replica.apply(10, [[["agent_info"], { name: "E" }]])], ["agent_info"]);
});

test("a map part keeps Python's order, integer-like keys included", () => {
  const replica = loaded({ interactions: [["10", call()], ["2", call()], ["1", call()]] });
  assert.deepEqual([...replica.parts.get("interactions").keys()], ["10", "2", "1"]);
  replica.apply(4, [[["interactions", "0"], call()], [["interactions", "2", "state"], "TALKING"]]);
  assert.deepEqual([...replica.parts.get("interactions").keys()], ["10", "2", "1", "0"]);
  assert.deepEqual(replica.toJSON().parts.interactions.map(([key]) => key), ["10", "2", "1", "0"]);
  assert.deepEqual(replica.lookup(["interactions", "*"], []).map((i) => i.state), ["RINGING", "TALKING", "RINGING", "RINGING"]);
  // a plain object would have put them in numeric order: the map does not
  assert.deepEqual(Object.keys({ 10: 1, 2: 1, 1: 1 }), ["1", "2", "10"]);
});

test("a part that is not listed as a map stays a plain value, pairs or not", () => {
  const replica = loaded({ toasts: [["a", 1]], reads: [["7", { origin: "o" }]] });
  assert.deepEqual(replica.get("toasts"), [["a", 1]]);
  assert.ok(replica.parts.get("reads") instanceof Map);
  assert.deepEqual(replica.toJSON(), { seq: 3, parts: { toasts: [["a", 1]], reads: [["7", { origin: "o" }]] } });
});

test("an object part changes key by key, at any depth", () => {
  const replica = loaded({ agent_info: { username: "alex", state: { type: "READY", name: "Ready" } } });
  const changed = replica.apply(4, [
    [["agent_info", "state"], { type: "NOT_READY", name: "Not Ready" }],
    [["agent_info", "muted"], true],
    [["agent_info", "username"]],
  ]);
  assert.deepEqual([...changed], ["agent_info"]);
  assert.deepEqual(replica.get("agent_info"), { state: { type: "NOT_READY", name: "Not Ready" }, muted: true });
  replica.apply(5, [[["agent_info", "state", "type"], "READY"]]);
  assert.equal(replica.lookup(["agent_info", "state", "type"], []), "READY");
});

test("lookup: '{0}' is the parameter, '*' a map's values, anything missing undefined", () => {
  const replica = loaded({
    answers: [["agent.get", { name: "A" }], ["nothing", null]],
    app_interactions: [["1", call()], ["2", call("TALKING")]],
    workspace: { panels: { left: 1 } },
  });
  assert.deepEqual(replica.lookup(["answers", "agent.get"], []), { name: "A" });
  assert.equal(replica.lookup(["answers", "nothing"], []), null);
  assert.deepEqual(replica.lookup(["app_interactions", "{0}"], ["2"]), call("TALKING"));
  assert.deepEqual(replica.lookup(["app_interactions", "*"], []), [call(), call("TALKING")]);
  assert.equal(replica.lookup(["workspace", "panels", "left"], []), 1);
  assert.equal(replica.lookup(["app_interactions", "{0}"], ["3"]), undefined);
  assert.equal(replica.lookup(["app_interactions", "{0}"], []), undefined);
  assert.equal(replica.lookup(["answers", "nothing", "deeper"], []), undefined);
  assert.equal(replica.lookup(["workspace", "*"], []), undefined); // not a map
  assert.equal(replica.lookup(["workspace", "toString"], []), undefined); // own keys only
  assert.equal(replica.lookup(["workspace", "panels", "__proto__"], []), undefined);
  assert.equal(replica.lookup(["nowhere", "x"], []), undefined);
});
