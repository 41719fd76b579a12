// Tribune's service worker, served at /sw.js after a line that sets self.TRIBUNE_SW (see
// tribune/pwa/serviceworker.py): the cache version, the app shell, URL patterns.
//
// Caches, all named "tribune-...":
//   shell-<version>, static-<version>  the offline page and static files; a new version
//                                      replaces them when it activates.
//   pages-<id>                         article pages this reader opened lately (network first).
//   saved-<id>                         articles this reader saved for offline (app.js fills it).
//   meta                               which reader the caches belong to now.
// <id> is the opaque per-session cache id the server sends (header and <meta> tag): one
// reader's copies are never shown to another, and those of anyone else are deleted.
// Only GET is ever cached, never a response marked no-store.
"use strict";

const CONFIG = self.TRIBUNE_SW;
const PREFIX = "tribune-";
const SHELL = PREFIX + "shell-" + CONFIG.version;
const STATIC = PREFIX + "static-" + CONFIG.version;
const META = PREFIX + "meta";
const IDENTITY_KEY = new URL("/__tribune/cache-id", self.location.origin).href;
const ARTICLE = new RegExp(CONFIG.articlePattern);
const PERSONAL = /^tribune-(pages|saved)-(.*)$/;

const pagesCache = (id) => PREFIX + "pages-" + id;
const savedCache = (id) => PREFIX + "saved-" + id;

// Whose caches these are -------------------------------------------------------------------

let identity = null;

async function currentIdentity() {
  if (identity !== null) return identity;
  const stored = await (await caches.open(META)).match(IDENTITY_KEY);
  identity = stored ? await stored.text() : "";
  return identity;
}

// A different reader (or none): forget the copies of everyone else.
async function setIdentity(id) {
  if (id === (await currentIdentity())) return;
  identity = id;
  await (await caches.open(META)).put(IDENTITY_KEY, new Response(id));
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => {
        const match = PERSONAL.exec(name);
        return match && match[2] !== id;
      })
      .map((name) => caches.delete(name))
  );
}

// What may be kept ---------------------------------------------------------------------------

function storable(response) {
  if (!response || response.status !== 200 || response.type !== "basic") return false;
  const control = response.headers.get("Cache-Control") || "";
  return !/no-store/i.test(control);
}

function isHtml(response) {
  return (response.headers.get("Content-Type") || "").startsWith("text/html");
}

// One key per article page, whatever its query string (?sort=new...).
function pageKey(url) {
  return url.origin + url.pathname;
}

async function rememberPage(id, url, response) {
  const cache = await caches.open(pagesCache(id));
  await cache.put(pageKey(url), response.clone());
  // A saved article's copy is refreshed whenever it is read online.
  const saved = await caches.open(savedCache(id));
  if (await saved.match(pageKey(url))) await saved.put(pageKey(url), response.clone());
  // Oldest first (a put moves an entry to the end): keep the newest recentLimit.
  const keys = await cache.keys();
  const excess = keys.length - CONFIG.recentLimit;
  for (let i = 0; i < excess; i++) await cache.delete(keys[i]);
}

// Install and activate -------------------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      // The offline page is fetched without cookies: the shell holds nobody's page.
      const requests = CONFIG.shell.map((url) =>
        url === CONFIG.offline ? new Request(url, { credentials: "omit" }) : new Request(url)
      );
      await cache.addAll(requests);
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => /^tribune-(shell|static)-/.test(name) && name !== SHELL && name !== STATIC)
          .map((name) => caches.delete(name))
      );
      await self.clients.claim();
    })()
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "identity" && typeof data.id === "string" && data.id) {
    event.waitUntil(setIdentity(data.id));
  } else if (data.type === "identity?" && event.ports && event.ports[0]) {
    const port = event.ports[0];
    event.waitUntil(currentIdentity().then((id) => port.postMessage(id)));
  }
});

// Fetches ------------------------------------------------------------------------------------

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // a POST always goes to the network, untouched
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(staticFile(request, url));
  } else if (url.pathname.startsWith(CONFIG.imagePrefix)) {
    event.respondWith(image(request, url));
  }
});

async function navigate(event, url) {
  try {
    const response = await fetch(event.request);
    const id = response.headers.get(CONFIG.identityHeader);
    if (id !== null && isHtml(response)) {
      await setIdentity(id);
      if (ARTICLE.test(url.pathname) && storable(response)) {
        event.waitUntil(rememberPage(id, url, response.clone()));
      }
    }
    return response;
  } catch (error) {
    return offlineAnswer(url);
  }
}

async function offlineAnswer(url) {
  const id = await currentIdentity();
  if (id) {
    for (const name of [savedCache(id), pagesCache(id)]) {
      const cache = await caches.open(name);
      const hit = await cache.match(pageKey(url));
      if (hit) return hit;
    }
  }
  const page = await caches.match(CONFIG.offline, { cacheName: SHELL });
  return page || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
}

// A hashed static name with its hash taken out: site.1a2b3c4d5e6f.css -> site.css.
function unhashed(pathname) {
  return pathname.replace(/\.[0-9a-f]{12}(\.[^./]+)$/, "$1");
}

async function staticFile(request, url) {
  if (CONFIG.immutableStatic) {
    const hit = (await caches.match(request, { cacheName: SHELL })) || (await caches.match(request, { cacheName: STATIC }));
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    if (storable(response)) {
      const copy = response.clone();
      caches.open(STATIC).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const hit = (await caches.match(request, { cacheName: SHELL })) || (await caches.match(request, { cacheName: STATIC }));
    if (hit) return hit;
    // An offline copy made before a deploy names the files of the old version.
    const wanted = unhashed(url.pathname);
    for (const name of [SHELL, STATIC]) {
      const cache = await caches.open(name);
      for (const key of await cache.keys()) {
        if (unhashed(new URL(key.url).pathname) === wanted) return cache.match(key);
      }
    }
    return Response.error();
  }
}

// Pictures of saved articles (app.js saves them with the page) are there offline too.
async function image(request, url) {
  try {
    return await fetch(request);
  } catch (error) {
    const id = await currentIdentity();
    const hit = id && (await (await caches.open(savedCache(id))).match(url.href));
    return hit || Response.error();
  }
}

// Push notifications ---------------------------------------------------------------------------

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const title = typeof data.title === "string" && data.title ? data.title : CONFIG.siteName;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      tag: typeof data.tag === "string" ? data.tag : undefined,
      icon: CONFIG.icon,
      data: { url: typeof data.url === "string" ? data.url : "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  let target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if (client.url === target.href && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(target.href);
    })()
  );
});
