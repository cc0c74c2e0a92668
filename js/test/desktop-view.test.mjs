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

test("the desktop UI's own controls run the verb Python published for them, and nothing when it published none", () => {
  const acted = [];
  const published = { controls: { closeToast: "verb-from-python" }, logLimit: 5, hiddenKeyPrefix: "X_" };
  const view = { model: { get: (name) => (name === "ui" ? published : undefined) }, act: (verb, args) => acted.push([verb, args]) };
  view.ui = DesktopView.prototype.ui;
  DesktopView.prototype.control.call(view, "closeToast", ["t1"]);
  DesktopView.prototype.control.call(view, "closeDialog", ["d1"]);
  assert.deepEqual(acted, [["verb-from-python", ["t1"]]]);
});
