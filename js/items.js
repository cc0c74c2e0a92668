// The items of a message from Python (scapi_widget/sync/outbox.py): a JSON array in the message's
// first binary buffer, each item encoded once, as Python made it.
const utf8 = new TextDecoder();

/** The items a message of kind "items" carries, from its `buffers` (DataViews or ArrayBuffers). */
export function readItems(buffers) {
  if (!buffers || !buffers.length) throw new TypeError("a message of items came without its buffer");
  const items = JSON.parse(utf8.decode(buffers[0]));
  if (!Array.isArray(items)) throw new TypeError("a message of items holds no list of items");
  return items;
}
