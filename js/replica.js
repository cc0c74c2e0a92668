// The view's copy of the desktop, kept by numbered deltas from Python (scapi_widget/sync/replica.py).
// It only applies ops and looks values up: what the values mean is Python's business.
// Map parts (keyed collections, listed in the snapshot) are ordered Maps built from
// [[key, value], ...] pairs; everything else is a plain JSON value. An op may reach any depth (a
// path of keys), in a map's entry or in an object part: one user data key changes alone.

export class Replica {
  constructor() {
    /** @type {Map<string, any>} */
    this.parts = new Map();
    this.mapParts = new Set();
    this.seq = null; // null: nothing loaded yet
    this.stale = true; // missed ops: wait for a snapshot
  }

  get loaded() {
    return this.seq !== null && !this.stale;
  }

  /** Load a snapshot `{seq, maps, parts}`; returns the names of every part. */
  load(snapshot) {
    this.mapParts = new Set(snapshot.maps || []);
    this.parts = new Map();
    for (const [name, value] of Object.entries(snapshot.parts || {})) this.parts.set(name, this.fromWire(name, value));
    this.seq = snapshot.seq;
    this.stale = false;
    return new Set(this.parts.keys());
  }

  /**
   * Apply one batch of ops numbered `seq`. Returns the names of the parts it changed, or null
   * when it cannot be applied (nothing loaded, or a gap: the caller asks for a snapshot).
   * A batch the replica already holds (seq not above its own) is skipped.
   */
  apply(seq, ops) {
    if (this.seq === null || this.stale) return null;
    if (seq <= this.seq) return new Set();
    if (seq !== this.seq + 1) {
      this.stale = true;
      return null;
    }
    const changed = new Set();
    for (const op of ops) {
      const [path] = op;
      changed.add(path[0]);
      if (op.length === 1) this.remove(path);
      else this.set(path, op[1]);
    }
    this.seq = seq;
    return changed;
  }

  fromWire(name, value) {
    return this.mapParts.has(name) && Array.isArray(value) ? new Map(value) : value;
  }

  set(path, value) {
    if (path.length === 1) {
      this.parts.set(path[0], this.fromWire(path[0], value));
      return;
    }
    const node = this.holder(path);
    const key = path[path.length - 1];
    if (node instanceof Map) node.set(key, value);
    // an own data property, whatever the key, as JSON.parse would make it: "__proto__" is the one key
    // an assignment does not make so (an accessor of Object.prototype); defining every key would turn
    // the object into a slow dictionary, which every later post of it pays
    else if (key === "__proto__") Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
    else node[key] = value;
  }

  remove(path) {
    if (path.length === 1) {
      this.parts.delete(path[0]);
      return;
    }
    const node = this.holder(path);
    const key = path[path.length - 1];
    if (node instanceof Map) node.delete(key);
    else delete node[key];
  }

  /** The map, object or array holding the last key of `path` (a path of 2 or more keys). */
  holder(path) {
    let node = this.parts.get(path[0]);
    for (const key of path.slice(1, -1)) node = node instanceof Map ? node.get(key) : Object.getOwnPropertyDescriptor(node, key).value;
    return node;
  }

  /** A part as plain JSON (a map part as an object, in its order). */
  get(name) {
    const value = this.parts.get(name);
    return value instanceof Map ? Object.fromEntries(value) : value;
  }

  /**
   * Look a path up (a list of keys from the root): "{0}" stands for params[0], "*" for the
   * values of a map, in order. Undefined when anything along the way is missing.
   */
  lookup(path, params) {
    let node = this.parts.get(path[0]);
    for (const segment of path.slice(1)) {
      if (node === undefined || node === null) return undefined;
      if (segment === "*") {
        node = node instanceof Map ? Array.from(node.values()) : undefined;
        continue;
      }
      const key = segment === "{0}" ? params[0] : segment;
      if (node instanceof Map) node = node.get(key);
      else if (typeof node === "object" && Object.hasOwn(node, key)) node = node[key];
      else return undefined;
    }
    return node;
  }

  /** Plain JSON of everything (for tests comparing two views' replicas). */
  toJSON() {
    const parts = {};
    for (const [name, value] of this.parts) parts[name] = value instanceof Map ? Array.from(value) : value;
    return { seq: this.seq, parts };
  }
}
