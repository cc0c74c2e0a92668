import { test } from "node:test";
import assert from "node:assert/strict";
import { readItems } from "../items.js";

const view = (text) => {
  const bytes = new TextEncoder().encode(text);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

test("the items are the JSON array in the first buffer, read as UTF-8", () => {
  assert.deepEqual(readItems([view('[{"seq":1,"ops":[]},{"log":[{"text":"é ✓"}]}]')]), [{ seq: 1, ops: [] }, { log: [{ text: "é ✓" }] }]);
});

test("a view of part of a larger buffer reads only that part", () => {
  const whole = new TextEncoder().encode('xx[{"a":1}]yy');
  assert.deepEqual(readItems([new DataView(whole.buffer, 2, 9)]), [{ a: 1 }]);
});

test("a message without its buffer, or whose buffer holds no list, says so", () => {
  assert.throws(() => readItems([]), /without its buffer/);
  assert.throws(() => readItems(undefined), /without its buffer/);
  assert.throws(() => readItems([view('{"a":1}')]), /no list of items/);
  assert.throws(() => readItems([view("[{")]), SyntaxError);
});
