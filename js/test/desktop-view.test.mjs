import { test } from "node:test";
import assert from "node:assert/strict";
import { toastButtonOrder } from "../desktop-view.js";

test("toast buttons show in the desktop's order [2] [3] … [N] [1]", () => {
  assert.deepEqual(toastButtonOrder(0), []);
  assert.deepEqual(toastButtonOrder(1), [0]);
  assert.deepEqual(toastButtonOrder(2), [1, 0]);
  assert.deepEqual(toastButtonOrder(4), [1, 2, 3, 0]);
});
