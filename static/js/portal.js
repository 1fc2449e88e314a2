// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Text boxes with data-suggest-url get browser suggestions (a <datalist>) from that URL,
  // which answers {"results": ["label", ...]} for ?q=<typed text>.
  function attachSuggestions(input) {
    const list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    let timer = null;
    let lastQuery = "";
    input.addEventListener("input", function () {
      const query = input.value.trim();
      if (query.length < 2 || query === lastQuery || /^\d{6}\s/.test(query)) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        lastQuery = query;
        const url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren(...data.results.map(function (label) {
              const option = document.createElement("option");
              option.value = label;
              return option;
            }));
          })
          .catch(function () { /* offline: the user can still type a code */ });
      }, 200);
    });
  }

  // A form shown again with errors (422): bring the first field with an error into view, so
  // that a mistake in a form low on a long page (the request page's actions) is not missed.
  function focusFirstError() {
    const field = document.querySelector("main .is-invalid");
    if (field && !window.location.hash) {
      field.focus({ preventScroll: true });
      field.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest-url]").forEach(attachSuggestions);
    focusFirstError();
  });
})();
