// Runs Tribune's service worker (as /sw.js serves it) in Node, in a small stand-in for the
// browser's worker scope: an in-memory Cache Storage, a network the scenario can cut, and
// recorded notifications and windows. Prints what the scenario observed as JSON.
//
//   node sw_harness.js WORKER_FILE SCENARIO
"use strict";

const fs = require("fs");
const vm = require("vm");

const ORIGIN = "https://news.example.test";

// Responses --------------------------------------------------------------------------------

function makeResponse(body, { status = 200, headers = {}, type = "basic", url = "" } = {}) {
  const response = new Response(status === 204 || status === 304 ? null : body, { status, headers });
  Object.defineProperty(response, "type", { value: type });
  Object.defineProperty(response, "url", { value: url });
  return response;
}

async function snapshot(response) {
  return {
    body: await response.arrayBuffer(),
    status: response.status,
    headers: [...response.headers.entries()],
    type: response.type,
  };
}

function revive(stored) {
  return makeResponse(stored.body.slice(0), { status: stored.status, headers: stored.headers, type: stored.type });
}

// Cache Storage ----------------------------------------------------------------------------

function keyOf(request) {
  const url = new URL(typeof request === "string" ? request : request.url, ORIGIN);
  url.hash = "";
  return url.href;
}

class FakeCache {
  constructor() { this.entries = []; }
  async match(request) {
    const key = keyOf(request);
    const hit = this.entries.find((e) => e.key === key);
    return hit ? revive(hit.stored) : undefined;
  }
  async put(request, response) {
    const key = keyOf(request);
    const stored = await snapshot(response);
    this.entries = this.entries.filter((e) => e.key !== key);
    this.entries.push({ key, stored }); // a put moves the entry to the end, as in browsers
  }
  async add(request) {
    const response = await fakeFetch(request);
    if (!response.ok) throw new TypeError("add() got " + response.status);
    await this.put(request, response);
  }
  async addAll(requests) { for (const r of requests) await this.add(r); }
  async delete(request) {
    const key = keyOf(request);
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.key !== key);
    return this.entries.length !== before;
  }
  async keys() { return this.entries.map((e) => new Request(e.key)); }
}

const storage = new Map();
const caches = {
  async open(name) {
    if (!storage.has(name)) storage.set(name, new FakeCache());
    return storage.get(name);
  },
  async keys() { return [...storage.keys()]; },
  async delete(name) { return storage.delete(name); },
  async has(name) { return storage.has(name); },
  async match(request, options = {}) {
    const names = options.cacheName ? [options.cacheName] : [...storage.keys()];
    for (const name of names) {
      const cache = storage.get(name);
      const hit = cache && (await cache.match(request));
      if (hit) return hit;
    }
    return undefined;
  },
};

async function contents() {
  const out = {};
  for (const [name, cache] of storage) out[name] = cache.entries.map((e) => new URL(e.key).pathname);
  return out;
}

// The network --------------------------------------------------------------------------------

const network = { online: true, routes: new Map(), log: [] };

function route(path, body, options = {}) {
  network.routes.set(new URL(path, ORIGIN).href, { body, options });
}

async function fakeFetch(input, init = {}) {
  const request = typeof input === "string" ? new Request(new URL(input, ORIGIN).href, init) : input;
  network.log.push({ url: new URL(request.url).pathname, method: request.method, credentials: request.credentials });
  if (!network.online) throw new TypeError("Failed to fetch");
  const url = new URL(request.url);
  const found = network.routes.get(url.href) || network.routes.get(url.origin + url.pathname);
  if (!found) return makeResponse("not found", { status: 404, url: request.url });
  return makeResponse(found.body, { url: request.url, ...found.options });
}

// The worker scope ---------------------------------------------------------------------------

// In a worker, a relative URL is relative to the worker's own location.
class ScopedRequest extends Request {
  constructor(input, init) {
    super(typeof input === "string" ? new URL(input, ORIGIN).href : input, init);
  }
}

const shown = [];
const opened = [];
let current = null; // the running worker: its scope and its listeners

// Start the worker in a fresh scope (as the browser does after stopping it): its memory is
// new, the caches and the network are the same.
function boot() {
  const listeners = {};
  const scope = {
    location: new URL("/sw.js", ORIGIN),
    caches,
    fetch: fakeFetch,
    Request: ScopedRequest, Response, Headers, URL, console, setTimeout, clearTimeout, Promise,
    addEventListener(type, listener) { (listeners[type] = listeners[type] || []).push(listener); },
    skipWaiting: async () => {},
    clients: {
      claim: async () => {},
      matchAll: async () => [],
      openWindow: async (url) => { opened.push(url); },
    },
    registration: {
      showNotification: async (title, options) => { shown.push({ title, ...options }); },
    },
  };
  scope.self = scope;
  vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), vm.createContext(scope));
  current = { scope, listeners };
  return scope;
}

async function dispatch(type, fields = {}) {
  const pending = [];
  let answer;
  const event = {
    ...fields,
    waitUntil(promise) { pending.push(promise); },
    respondWith(promise) { answer = Promise.resolve(promise); },
  };
  for (const listener of current.listeners[type] || []) listener(event);
  const response = answer ? await answer : undefined;
  await Promise.all(pending);
  return response;
}

function navigation(path) {
  const request = new Request(new URL(path, ORIGIN).href);
  Object.defineProperty(request, "mode", { value: "navigate" });
  return request;
}

async function open(path) {
  const response = await dispatch("fetch", { request: navigation(path) });
  return response ? { status: response.status, text: await response.text() } : null;
}

function page(title, id, extraHeaders = {}) {
  return [
    `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
    { headers: { "Content-Type": "text/html; charset=utf-8", "X-Tribune-Cache-Id": id, ...extraHeaders } },
  ];
}

// Scenarios ----------------------------------------------------------------------------------

async function installed() {
  const config = current.scope.TRIBUNE_SW;
  for (const url of config.shell) {
    if (url === config.offline) route(url, ...page("Offline reading", "public"));
    else route(url, "asset " + url);
  }
  await dispatch("install");
  await dispatch("activate");
}

const scenarios = {
  async install() {
    await installed();
    return { caches: await contents(), log: network.log };
  },

  async offline_reading() {
    await installed();
    route("/articles/1/harbour-wall/", ...page("Harbour wall", "reader-a"));
    route("/latest/", ...page("Latest", "reader-a"));
    await open("/articles/1/harbour-wall/?sort=new");
    await open("/latest/");
    network.online = false;
    return {
      caches: await contents(),
      article: await open("/articles/1/harbour-wall/"),
      other: await open("/latest/"),
    };
  },

  async saved_article() {
    await installed();
    route("/articles/2/ferry/", ...page("Ferry", "reader-a"));
    route("/latest/", ...page("Latest", "reader-a"));
    await open("/latest/"); // the worker learns whose caches these are
    // app.js saves an article the reader never opened through the worker.
    const saved = await caches.open("tribune-saved-reader-a");
    await saved.put(new URL("/articles/2/ferry/", ORIGIN).href, makeResponse(...page("Ferry", "reader-a")));
    network.online = false;
    return { article: await open("/articles/2/ferry/") };
  },

  async never_cached() {
    await installed();
    route("/articles/3/private/", ...page("Private", "reader-a", { "Cache-Control": "private, no-store" }));
    route("/articles/4/error/", "oops", { status: 500, headers: { "Content-Type": "text/html", "X-Tribune-Cache-Id": "reader-a" } });
    await open("/articles/3/private/");
    await open("/articles/4/error/");
    // A form posted from an article page: a navigation, with a body.
    route("/articles/8/posted/", ...page("Posted", "reader-a"));
    const post = new Request(new URL("/articles/8/posted/", ORIGIN).href, { method: "POST", body: "x" });
    Object.defineProperty(post, "mode", { value: "navigate" });
    const answered = await dispatch("fetch", { request: post });
    const foreign = await dispatch("fetch", { request: new Request("https://elsewhere.example/x.js") });
    return { caches: await contents(), postAnswered: answered !== undefined, foreignAnswered: foreign !== undefined };
  },

  async another_reader() {
    await installed();
    route("/articles/5/a/", ...page("For A", "reader-a"));
    await open("/articles/5/a/");
    const before = await contents();
    route("/articles/6/b/", ...page("For B", "reader-b"));
    await open("/articles/6/b/"); // someone else signed in on this browser
    const after = await contents();
    network.online = false;
    return { before, after, asB: await open("/articles/5/a/") };
  },

  async identity_survives_a_restart() {
    await installed();
    route("/articles/7/x/", ...page("Seven", "reader-a"));
    await open("/articles/7/x/");
    boot(); // the browser stopped the worker and starts it again
    network.online = false;
    return { article: await open("/articles/7/x/") };
  },

  async recent_limit() {
    await installed();
    for (let n = 1; n <= 55; n++) {
      route(`/articles/${n}/a/`, ...page("Article " + n, "reader-a"));
      await open(`/articles/${n}/a/`);
    }
    await open("/articles/3/a/"); // read again: the newest now
    return { pages: (await contents())["tribune-pages-reader-a"] };
  },

  async new_version() {
    const old = await caches.open("tribune-shell-0123456789abcdef");
    await old.put(new URL("/static/old.css", ORIGIN).href, makeResponse("old"));
    await (await caches.open("tribune-static-0123456789abcdef")).put(new URL("/static/x.css", ORIGIN).href, makeResponse("x"));
    await (await caches.open("tribune-saved-reader-a")).put(new URL("/articles/1/a/", ORIGIN).href, makeResponse("kept"));
    await installed();
    return { caches: Object.keys(await contents()).sort() };
  },

  async static_files() {
    await installed();
    const hashed = "/static/tribune/site.0123456789ab.css";
    route(hashed, "body { }", { headers: { "Content-Type": "text/css" } });
    const first = await dispatch("fetch", { request: new Request(new URL(hashed, ORIGIN).href) });
    network.online = false;
    const again = await dispatch("fetch", { request: new Request(new URL(hashed, ORIGIN).href) });
    // A page saved before a deploy asks for the old hashed name of a file the shell has.
    const shellCss = current.scope.TRIBUNE_SW.shell.find((u) => u.endsWith(".css"));
    const oldName = shellCss.replace(/\.css$/, ".aaaaaaaaaaaa.css");
    const renamed = await dispatch("fetch", { request: new Request(new URL(oldName, ORIGIN).href) });
    return {
      first: first.status,
      again: again ? await again.text() : null,
      renamed: renamed && renamed.type !== "error" ? await renamed.text() : null,
      shellCss,
    };
  },

  async push() {
    await dispatch("push", { data: { json: () => ({ title: "Ben replied to you", body: "In “Ferry”: yes", url: "/discussions/responses/9/", tag: "notice-9" }) } });
    await dispatch("push", { data: { json: () => { throw new SyntaxError("not json"); } } });
    const click = (url) => dispatch("notificationclick", { notification: { data: { url }, close() {} } });
    await click("/discussions/responses/9/");
    await click("https://evil.example/phish");
    await click("javascript:alert(1)");
    return { shown, opened };
  },
};

boot();
scenarios[process.argv[3]]().then(
  (result) => { process.stdout.write(JSON.stringify(result)); },
  (error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); }
);
