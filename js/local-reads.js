// Reads answered in the browser from the replica (scapi_widget/service/local_reads.py says which, and
// where each answer is). Python publishes the shape a message must have to be answered here (replica
// part "protocol"; the shape's words are scapi_widget/wire/protocol.py's SIMPLE_REQUEST): this module
// only matches a message against it. Only such a message, from the frame's current document and
// expected origin, for a read Python listed for that frame, with nothing else of the frame in
// flight, is answered here; anything else, or a lookup that finds nothing, goes to Python.

/**
 * Does `value` have `shape` (plain data from Python: type, in, not, minLength, maxLength, items,
 * fields, required, nullable, anyOf)? Every string and key it holds is counted in `budget.chars`.
 */
export function conforms(value, shape, budget) {
  if (shape.anyOf) return shape.anyOf.some((option) => conforms(value, option, budget));
  if (value === null && shape.nullable) return true;
  if (shape.in && !shape.in.includes(value)) return false;
  if (Object.hasOwn(shape, "not") && value === shape.not) return false;
  switch (shape.type) {
    case "string":
      if (typeof value !== "string" || value.length < (shape.minLength ?? 0) || value.length > (shape.maxLength ?? Infinity)) return false;
      if (typeof value.isWellFormed === "function" && !value.isWellFormed()) return false;
      budget.chars += value.length;
      return true;
    case "integer":
      return Number.isSafeInteger(value);
    case "array":
      return Array.isArray(value) && value.every((item) => conforms(item, shape.items, budget));
    case "object": {
      if (!value || typeof value !== "object" || Array.isArray(value)) return false;
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape.fields, key) || !conforms(value[key], shape.fields[key], budget)) return false;
        budget.chars += key.length;
      }
      return shape.required.every((key) => Object.hasOwn(value, key));
    }
    default:
      return false;
  }
}

/**
 * The answer message for `data`, a message frame `frameId` posted from `origin` in `document`
 * ({epoch, loads}), or undefined when Python must answer it.
 * @returns {{answer: object, data: any} | undefined}
 */
export function localAnswer(replica, frameId, origin, document, data) {
  if (!replica.loaded || !document) return undefined;
  const rules = replica.get("protocol");
  const access = replica.lookup(["reads", String(frameId)], []);
  if (!rules || !access || access.origin !== origin || document.epoch !== access.epoch) return undefined;
  if (access.maxLoads !== null && document.loads > access.maxLoads) return undefined;
  const budget = { chars: 0 };
  if (!conforms(data, rules.shape, budget) || budget.chars > rules.maxChars) return undefined;
  const path = Object.hasOwn(access.reads, data.request) ? access.reads[data.request] : undefined;
  const params = data.parameters ?? [];
  if (!path || params.length !== path.filter((segment) => segment === "{0}").length) return undefined; // the path's placeholders
  const value = replica.lookup(path, params);
  if (value === undefined) return undefined;
  const answer = { ...rules.answer };
  answer.referenceId = data.referenceId;
  answer.data = value;
  return { answer, data: value };
}

/** Does a forwarded message leave the frame's reads untouched (a read, a subscription)? */
export function leavesReadsAlone(replica, frameId, data) {
  const rules = replica.get("protocol");
  const access = replica.lookup(["reads", String(frameId)], []);
  if (!rules || !data || typeof data !== "object") return false;
  if (typeof data.event === "string" && rules.noEffect.includes(data.event) && data.request === undefined) return true;
  return Boolean(access && typeof data.request === "string" && Object.hasOwn(access.reads, data.request));
}
