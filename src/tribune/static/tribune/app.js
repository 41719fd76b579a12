// The installable app, on every page: registers the service worker (/sw.js), deletes offline
// copies that belong to anyone but the reader now signed in, and drives the controls of the
// app's pages. Every control is hidden until this script shows it: the site works without it.
//
// Elements it looks for (tests and templates rely on these ids; data-state tells the state):
//   #offline-save[data-url][data-state=saved|unsaved] > #offline-save-button,
//   #offline-save-status                                                  (article pages)
//   #offline-lists > #offline-saved, #offline-saved-empty, #offline-recent, #offline-recent-empty,
//   #offline-unsupported                                                  (/offline/)
//   #install-app-box > #install-app, #install-app-status; #install-standalone (/install/)
//   #push-settings[data-key][data-subscribe][data-unsubscribe][data-state=on|off] >
//   #push-toggle, #push-status; #push-unsupported                         (/install/)
(function () {
  "use strict";

  var PREFIX = "tribune-";
  var PERSONAL = /^tribune-(pages|saved)-(.*)$/;
  var script = document.currentScript;
  var meta = document.querySelector('meta[name="tribune-cache-id"]');
  // The page's cache id: whose offline copies may be kept and shown. No <meta> at all: nobody's,
  // delete them all. An empty one (the offline page, kept for whoever signs in): unknown, ask
  // the service worker and delete nothing.
  var identity = meta ? meta.content : "";
  var identityKnown = !meta || Boolean(meta.content);
  var hasCaches = "caches" in window;
  var hasWorker = "serviceWorker" in navigator && window.isSecureContext;

  function pagesCache() { return PREFIX + "pages-" + identity; }
  function savedCache() { return PREFIX + "saved-" + identity; }
  function byId(id) { return document.getElementById(id); }
  function show(element) { if (element) element.hidden = false; }
  function hide(element) { if (element) element.hidden = true; }
  function say(element, text) { if (element) element.textContent = text; }

  // Copies kept for another reader (or for nobody, when the page names none) are deleted.
  function forgetOthers() {
    if (!hasCaches || !identityKnown) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        var match = PERSONAL.exec(name);
        return match && (!identity || match[2] !== identity);
      }).map(function (name) { return caches.delete(name); }));
    });
  }

  function register() {
    if (!hasWorker || !script || !script.dataset.serviceWorker) return Promise.resolve(null);
    return navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        if (registration.active && identity) {
          registration.active.postMessage({ type: "identity", id: identity });
        }
        return registration;
      })
      .catch(function () { return null; });
  }

  // The worker's answer to "whose copies are these?" (for a page that does not know).
  function askIdentity(registration) {
    if (identityKnown || !registration || !registration.active) return Promise.resolve(identity);
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () { resolve(""); }, 2000);
      channel.port1.onmessage = function (event) {
        clearTimeout(timer);
        resolve(typeof event.data === "string" ? event.data : "");
      };
      registration.active.postMessage({ type: "identity?" }, [channel.port2]);
    }).then(function (id) {
      identity = id;
      return id;
    });
  }

  var ready = forgetOthers().then(register);
  var known = ready.then(askIdentity);

  // Saving an article for offline reading --------------------------------------------------

  function sameOriginImages() {
    var article = document.querySelector("main article") || document.querySelector("main");
    var found = {};
    if (!article) return [];
    article.querySelectorAll("img").forEach(function (img) {
      var src = img.currentSrc || img.src;
      if (!src) return;
      var url = new URL(src, location.href);
      if (url.origin === location.origin) found[url.href] = true;
    });
    return Object.keys(found);
  }

  function keep(cache, url, isPage) {
    // Fetched with this reader's cookies, kept only if the server allows keeping it and, for
    // the page, only if it was made for this same reader (not one who signed in meanwhile).
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      var control = response.headers.get("Cache-Control") || "";
      if (!response.ok || /no-store/i.test(control)) throw new Error("not storable");
      if (isPage && response.headers.get("X-Tribune-Cache-Id") !== identity) {
        throw new Error("made for someone else");
      }
      return cache.put(url, response);
    });
  }

  function setupSaveButton() {
    var box = byId("offline-save");
    var button = byId("offline-save-button");
    var status = byId("offline-save-status");
    if (!box || !button || !hasCaches || !hasWorker || !identity) return;
    var page = new URL(box.dataset.url || location.pathname, location.href);
    var key = page.origin + page.pathname;

    function showSaved(saved) {
      box.dataset.state = saved ? "saved" : "unsaved";
      button.textContent = saved ? "Remove offline copy" : "Save for offline";
    }

    caches.open(savedCache()).then(function (cache) { return cache.match(key); })
      .then(function (hit) { showSaved(Boolean(hit)); show(box); });

    button.addEventListener("click", function () {
      var saving = box.dataset.state !== "saved";
      button.disabled = true;
      say(status, saving ? "Saving…" : "Removing…");
      caches.open(savedCache()).then(function (cache) {
        var urls = [key].concat(sameOriginImages());
        if (saving) {
          return keep(cache, key, true).then(function () {
            // Pictures are a bonus: the article is saved even if one of them fails.
            return Promise.all(urls.slice(1).map(function (url) {
              return keep(cache, url, false).catch(function () {});
            }));
          });
        }
        return Promise.all(urls.map(function (url) { return cache.delete(url); }));
      }).then(function () {
        showSaved(saving);
        say(status, saving ? "Saved: you can read it without a connection." : "Removed from offline reading.");
      }, function () {
        say(status, "Could not save it. Try again when you are online.");
      }).then(function () { button.disabled = false; });
    });
  }

  // The offline page's lists ----------------------------------------------------------------

  function titleOf(response) {
    return response.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var heading = doc.querySelector("h1");
      return (heading && heading.textContent.trim()) || doc.title || "";
    });
  }

  function isPage(request) {
    return !/\.(png|jpe?g|gif|webp|avif|svg)$/i.test(new URL(request.url).pathname) &&
      new URL(request.url).pathname.indexOf("/img/") !== 0;
  }

  function fill(list, empty, cacheName, removable) {
    return caches.open(cacheName).then(function (cache) {
      return cache.keys().then(function (requests) {
        requests = requests.filter(isPage).reverse(); // newest first
        return Promise.all(requests.map(function (request) {
          return cache.match(request).then(titleOf).then(function (title) {
            return { url: request.url, title: title };
          });
        })).then(function (items) {
          list.replaceChildren();
          items.forEach(function (item) {
            var li = document.createElement("li");
            var link = document.createElement("a");
            link.href = new URL(item.url).pathname;
            link.textContent = item.title || new URL(item.url).pathname;
            li.appendChild(link);
            if (removable) {
              var remove = document.createElement("button");
              remove.type = "button";
              remove.className = "link-button";
              remove.textContent = "Remove";
              remove.addEventListener("click", function () {
                cache.delete(item.url).then(function () {
                  li.remove();
                  if (!list.children.length) show(empty);
                });
              });
              li.appendChild(remove);
            }
            list.appendChild(li);
          });
          if (items.length) hide(empty); else show(empty);
        });
      });
    });
  }

  function setupOfflineLists() {
    var box = byId("offline-lists");
    if (!box) return;
    if (!hasCaches || !hasWorker) {
      show(byId("offline-unsupported"));
      return;
    }
    known.then(function (id) {
      show(box);
      if (!id) {
        show(byId("offline-saved-empty"));
        show(byId("offline-recent-empty"));
        return;
      }
      fill(byId("offline-saved"), byId("offline-saved-empty"), savedCache(), true);
      fill(byId("offline-recent"), byId("offline-recent-empty"), pagesCache(), false);
    });
  }

  // Install ---------------------------------------------------------------------------------

  function setupInstall() {
    var box = byId("install-app-box");
    var button = byId("install-app");
    if (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches) {
      show(byId("install-standalone"));
    }
    if (!box || !button) return;
    var offered = null;
    window.addEventListener("beforeinstallprompt", function (event) {
      event.preventDefault(); // offered here, on the button, instead of a browser banner
      offered = event;
      show(box);
    });
    button.addEventListener("click", function () {
      if (!offered) return;
      offered.prompt();
      offered.userChoice.then(function (choice) {
        if (choice && choice.outcome === "accepted") hide(box);
        offered = null;
      });
    });
    window.addEventListener("appinstalled", function () {
      hide(box);
      show(byId("install-standalone"));
    });
  }

  // Push notifications ------------------------------------------------------------------------

  function keyBytes(base64url) {
    var text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  function post(url, data, token) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(data),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) throw new Error(body.error || "The site refused.");
        return body;
      });
    });
  }

  function setupPush() {
    var box = byId("push-settings");
    var button = byId("push-toggle");
    var status = byId("push-status");
    if (!box || !button) return;
    if (!hasWorker || !("PushManager" in window) || !("Notification" in window)) return;
    var token = (box.querySelector('input[name="csrfmiddlewaretoken"]') || {}).value || "";

    function showOn(on) {
      box.dataset.state = on ? "on" : "off";
      button.textContent = on ? "Turn off notifications" : "Turn on notifications";
    }

    ready.then(function (registration) {
      if (!registration) return;
      hide(byId("push-unsupported"));
      show(box);
      registration.pushManager.getSubscription().then(function (existing) {
        showOn(Boolean(existing));
        // The server learns (again) that this browser is this reader's.
        if (existing) post(box.dataset.subscribe, existing.toJSON(), token).catch(function () {});
      });
      button.addEventListener("click", function () {
        var turningOn = box.dataset.state !== "on";
        button.disabled = true;
        var done = turningOn ? subscribe(registration) : unsubscribe(registration);
        done.then(function (message) {
          showOn(turningOn);
          say(status, message);
        }, function (error) {
          say(status, error.message);
        }).then(function () { button.disabled = false; });
      });
    });

    function subscribe(registration) {
      return Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") throw new Error("Notifications are blocked for this site in your browser's settings.");
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.key),
        });
      }).then(function (subscription) {
        return post(box.dataset.subscribe, subscription.toJSON(), token);
      }).then(function () { return "Notifications are on for this device."; });
    }

    function unsubscribe(registration) {
      return registration.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) return null;
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(box.dataset.unsubscribe, { endpoint: endpoint }, token);
        });
      }).then(function () { return "Notifications are off for this device."; });
    }
  }

  function start() {
    setupSaveButton();
    setupOfflineLists();
    setupInstall();
    setupPush();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
