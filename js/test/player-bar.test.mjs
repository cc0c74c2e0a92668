import { test } from "node:test";
import assert from "node:assert/strict";
import { PlayerBar } from "../player-bar.js";

const published = {
  controls: [
    { command: "toggle", label: "Pause", keys: [" ", "k"] },
    { command: "next", label: "Next", keys: ["n", "ArrowRight"] },
  ],
};

function bar(player) {
  const sent = [];
  const view = { model: { get: (name) => (name === "player" ? player : undefined) }, command: (...args) => sent.push(args) };
  return { sent, key: (event) => PlayerBar.prototype.onKey.call(view, { preventDefault() { this.prevented = true; }, ...event }) };
}

const on = (selector) => ({ closest: (wanted) => (wanted.split(", ").some((w) => selector === w) ? {} : null) });

test("a shortcut sends the command Python bound to that key, and nothing for a key it bound to none", () => {
  const { sent, key } = bar(published);
  key({ key: "n", target: on("div") });
  key({ key: " ", target: on("div") });
  key({ key: "x", target: on("div") });
  assert.deepEqual(sent, [["next"], ["toggle"]]);
});

test("keys typed into a field, with a modifier, or Space on a button are not shortcuts", () => {
  const { sent, key } = bar(published);
  key({ key: "n", target: on("input") });
  key({ key: "k", target: on("textarea") });
  key({ key: "n", ctrlKey: true, target: on("div") });
  key({ key: " ", target: on("button") });
  key({ key: "n", target: on("button") }); // a letter on a focused button still is
  assert.deepEqual(sent, [["next"]]);
});

test("with no scenario published, no key is a shortcut", () => {
  const { sent, key } = bar({});
  key({ key: "n", target: on("div") });
  assert.deepEqual(sent, []);
});
