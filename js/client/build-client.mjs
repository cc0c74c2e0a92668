// The client library as shipped: js/client/scapi-client.js with its method table filled in from
// the package's SCAPI request table (scapi_widget/wire/spec/requests.json), the one source of the
// request names and parameters. Used by js/build.mjs and by the unit tests.
import { readFileSync } from "node:fs";

export const REQUESTS_JSON = new URL("../../scapi_widget/wire/spec/requests.json", import.meta.url);
const CLIENT_TEMPLATE = new URL("./scapi-client.js", import.meta.url);
const PLACEHOLDER = "__SCAPI_REQUESTS__";

/** The package's request table: request name -> {summary, status, params, returns}. */
export function readRequests() {
  return JSON.parse(readFileSync(REQUESTS_JSON, "utf8")).requests;
}

/** namespace -> method -> parameter names ("?" marks an optional one), for the served requests. */
export function methodTable(requests) {
  const table = {};
  for (const [name, entry] of Object.entries(requests)) {
    if (entry.status.startsWith("historical")) continue;
    const [namespace, method] = name.split(".");
    table[namespace] ??= {};
    table[namespace][method] = entry.params.map((p) => p.name + (p.optional ? "?" : ""));
  }
  return table;
}

/** The table as an object literal, one line per method, indented for its place in the client. */
function formatTable(table) {
  const namespaces = Object.entries(table).map(([namespace, methods]) => {
    const lines = Object.entries(methods).map(([method, params]) => `      ${method}: [${params.map((p) => JSON.stringify(p)).join(", ")}],`);
    return `    ${namespace}: {\n${lines.join("\n")}\n    },`;
  });
  return `{\n${namespaces.join("\n")}\n  }`;
}

/** The source of scapi-client.js (or of `template`) with the method table in place of its placeholder. */
export function clientSource(requests = readRequests(), template = readFileSync(CLIENT_TEMPLATE, "utf8")) {
  const parts = template.split(PLACEHOLDER);
  if (parts.length !== 2) throw new Error(`scapi-client.js must name ${PLACEHOLDER} exactly once, where the method table goes`);
  return parts[0] + formatTable(methodTable(requests)) + parts[1];
}
