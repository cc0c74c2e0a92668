import { test } from "node:test";
import assert from "node:assert/strict";
import { DesktopView, toastButtonOrder } from "../desktop-view.js";

test("toast buttons show in the desktop's order [2] [3] … [N] [1]", () => {
  assert.deepEqual(toastButtonOrder(0), []);
  assert.deepEqual(toastButtonOrder(1), [0]);
  assert.deepEqual(toastButtonOrder(2), [1, 0]);
  assert.deepEqual(toastButtonOrder(4), [1, 2, 3, 0]);
});

test("card buttons are labelled from the ui_actions trait Python publishes", () => {
  const view = { model: { get: (name) => (name === "ui_actions" ? { answer: "Pick up" } : undefined) } };
  assert.equal(DesktopView.prototype.label.call(view, "answer"), "Pick up");
  assert.equal(DesktopView.prototype.label.call(view, "hold"), "hold");
  const empty = { model: { get: () => undefined } };
  assert.equal(DesktopView.prototype.label.call(empty, "answer"), "answer");
});
