// Whether this browser reaches a URL (reach.js), against real sockets: one that answers, one refused, one silent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { askLoopback, reachable } from "../reach.js";
import { knownPlace, probeServerExtension } from "../jupyter-server.js";

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const urlOf = (server, path) => `http://127.0.0.1:${server.address().port}${path}`;

test("an answer of any status is reachable; a refused or silent address is not, within the time given", async () => {
  const answering = await listen((req, res) => { res.statusCode = req.method === "HEAD" ? 404 : 500; res.end(); });
  const silent = await listen(() => {}); // accepts, never answers
  const refused = await listen(() => {});
  const refusedUrl = urlOf(refused, "/");
  await new Promise((resolve) => refused.close(resolve));
  try {
    assert.equal(await reachable(urlOf(answering, "/index.html")), true);
    assert.equal(await reachable(refusedUrl), false);
    const started = performance.now();
    assert.equal(await reachable(urlOf(silent, "/index.html"), 200), false);
    assert.ok(performance.now() - started < 2000);
  } finally {
    silent.closeAllConnections();
    silent.close();
    answering.close();
  }
});

test("askLoopback returns what the app server says it is (a HEAD request's header), and '' for anything else", async () => {
  const methods = [];
  const ours = await listen((req, res) => { methods.push(req.method); res.setHeader("Scapi-Widget-Server", "id-1"); res.end(); });
  const other = await listen((req, res) => res.end("<html>another program</html>"));
  const failing = await listen((req, res) => { res.statusCode = 404; res.setHeader("Scapi-Widget-Server", "id-1"); res.end(); });
  try {
    assert.equal(await askLoopback(urlOf(ours, "/.scapi-widget/reach"), "Scapi-Widget-Server"), "id-1");
    assert.deepEqual(methods, ["HEAD"]); // nothing to read after the response's head
    assert.equal(await askLoopback(urlOf(ours, "/.scapi-widget/reach"), "Other-Header"), "");
    assert.equal(await askLoopback(urlOf(other, "/.scapi-widget/reach"), "Scapi-Widget-Server"), "");
    assert.equal(await askLoopback(urlOf(failing, "/.scapi-widget/reach"), "Scapi-Widget-Server"), "");
    assert.equal(await askLoopback("", "Scapi-Widget-Server"), "");
    assert.equal(await askLoopback(urlOf(ours, "/.scapi-widget/reach"), ""), "");
  } finally {
    for (const server of [ours, other, failing]) server.close();
  }
});

test("probeServerExtension: ours only when the answer is a success carrying the header Python named; asked once", async () => {
  const asked = [];
  const probe = { path: "scapi-widget/status", header: "Scapi-Widget" };
  const ours = await listen((req, res) => { asked.push([req.method, req.url]); res.setHeader("Scapi-Widget", "1.0"); res.end(); });
  const login = await listen((req, res) => res.end("<html>log in</html>")); // e.g. a hub's login page
  const refusing = await listen((req, res) => { res.statusCode = 403; res.setHeader("Scapi-Widget", "1.0"); res.end(); });
  try {
    for (const [server, expected] of [[ours, true], [login, false], [refusing, false]]) {
      const config = { baseUrl: urlOf(server, "/base/"), token: "" };
      const place = await probeServerExtension(config, probe);
      assert.deepEqual(place, { jupyterBaseUrl: config.baseUrl, scapiServerExtension: expected });
      assert.deepEqual(knownPlace(config), place);
    }
    await probeServerExtension({ baseUrl: urlOf(ours, "/base/"), token: "" }, probe); // the page asks once
    assert.deepEqual(asked, [["HEAD", "/base/scapi-widget/status"]]);
  } finally {
    for (const server of [ours, login, refusing]) server.close();
  }
});
