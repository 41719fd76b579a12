// Discussions: small comforts on top of htmx. Everything works without this file.
(function () {
  "use strict";

  // "Cancel" under a reply form that htmx opened in place: close it instead of reloading.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-cancel-reply]");
    if (!link) return;
    var slot = link.closest(".reply-slot");
    if (!slot) return;
    event.preventDefault();
    slot.replaceChildren();
  });

  // A reply form that just opened gets the cursor (after any quote it was given).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList.contains("reply-slot")) return;
    var box = target.querySelector("textarea");
    if (box) {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
  });

  // A response that just appeared is scrolled into view.
  document.addEventListener("htmx:load", function (event) {
    var added = event.detail.elt;
    if (added.classList && added.classList.contains("is-new")) {
      added.scrollIntoView({ block: "nearest" });
    }
  });
})();
