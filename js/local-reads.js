// Reads answered in the browser from the replica (scapi_widget/service/local_reads.py says which, and
// where each answer is). Only a message of exactly the simple shape Python published
// (replica part "protocol"), from the frame's current document and expected origin, for a
// read Python listed for that frame, with nothing else of the frame in flight, is answered
// here; anything else, or a lookup that finds nothing, goes to Python.

function wellFormed(text, budget) {
  budget.chars += text.length;
  return typeof text.isWellFormed !== "function" || text.isWellFormed();
}

function simpleReference(ref, rules, budget) {
  if (typeof ref === "string") return ref.length > 0 && ref.length <= rules.maxReferenceLength && wellFormed(ref, budget);
  return Number.isSafeInteger(ref) && ref !== 0;
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
  if (!data || typeof data !== "object" || Array.isArray(data)) return undefined;
  for (const key of Object.keys(data)) if (!rules.fields.includes(key)) return undefined;
  const path = typeof data.request === "string" && Object.hasOwn(access.reads, data.request) ? access.reads[data.request] : undefined;
  if (!path || !rules.clientAgents.includes(data.userAgent)) return undefined;
  if (data.protocolVersion !== undefined && !rules.versions.includes(data.protocolVersion)) return undefined;
  if (data.frameId !== undefined && !Number.isSafeInteger(data.frameId)) return undefined;
  const budget = { chars: 0 };
  for (const key of Object.keys(data)) budget.chars += key.length;
  budget.chars += data.request.length + data.userAgent.length;
  if (!simpleReference(data.referenceId, rules, budget)) return undefined;
  const params = data.parameters === undefined || data.parameters === null ? [] : data.parameters;
  const wanted = path.filter((segment) => segment === "{0}").length;
  if (!Array.isArray(params) || params.length !== wanted) return undefined;
  for (const p of params) if (typeof p !== "string" || !wellFormed(p, budget)) return undefined;
  if (budget.chars > rules.maxChars) return undefined;
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
