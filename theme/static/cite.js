// "Cómo citar": fills in today's date as the access date and copies the citation.
// Without JavaScript the citation stays selectable text with "[fecha]" and no button;
// with it, the button appears, works with Enter and Space (it is a real <button>), and
// its result is announced by the box's live region ("Copiado").
(function () {
  "use strict";
  var box = document.querySelector("[data-cite]");
  if (!box) return;
  var text = box.querySelector(".cite-text");
  var accessed = box.querySelector(".cite-accessed");
  var address = box.querySelector(".cite-url");
  var button = box.querySelector(".cite-copy");
  var status = box.querySelector(".cite-status");
  if (!text || !button || !status) return;
  var language = document.documentElement.lang || "es";

  function today() {
    try {
      return new Intl.DateTimeFormat(language, { day: "numeric", month: "long", year: "numeric" }).format(new Date());
    } catch (error) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  function refresh() {
    if (accessed) accessed.textContent = today();
    // The page's own address, absolute: a site built without its domain knows only the path.
    if (address && address.textContent.charAt(0) === "/") {
      address.textContent = new URL(address.textContent, window.location.href).href;
    }
  }

  function citation() {
    refresh(); // the date of the copy, even on a page left open since yesterday
    return text.textContent.replace(/\s+/g, " ").trim();
  }

  function selectText() {
    var range = document.createRange();
    range.selectNodeContents(text);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function say(message) {
    status.textContent = "";
    // A new text node after a tick: screen readers announce a change, even the same word twice.
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function copied(ok) {
    if (ok) {
      say(box.getAttribute("data-copied"));
    } else {
      selectText();
      say(box.getAttribute("data-failed"));
    }
  }

  function legacyCopy(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    button.focus();
    return ok;
  }

  button.addEventListener("click", function () {
    var value = citation();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(
        function () { copied(true); },
        function () { copied(legacyCopy(value)); }
      );
    } else {
      copied(legacyCopy(value));
    }
  });

  refresh();
  button.hidden = false;
})();
