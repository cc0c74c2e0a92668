// Exceptions in the widget's handlers are reported to Python ("front-end-error"), never lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { errorReporter, errorText } from "../front-end-errors.js";

test("guard runs the handler, and reports what it throws to Python with where it happened", () => {
  const sent = [];
  const { guard } = errorReporter((m) => sent.push(m), "v1");
  assert.equal(guard("adding", () => 1 + 1), 2);
  assert.equal(guard("drawing the desktop", () => { throw new TypeError("x is undefined"); }), undefined);
  assert.deepEqual(sent, [{ kind: "front-end-error", view: "v1", where: "drawing the desktop", error: "TypeError: x is undefined" }]);
});

test("anything thrown is described briefly; a report that cannot be sent does not throw", () => {
  assert.equal(errorText("plain"), "plain");
  assert.equal(errorText(new Error("y".repeat(2000))).length, 500);
  const { report } = errorReporter(() => { throw new Error("the comm is gone"); }, "v1");
  assert.doesNotThrow(() => report("posting", new Error("boom")));
});
