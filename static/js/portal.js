// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // The options of a box's suggestion list whose label is exactly the box's text.
  function chosenOptions(input) {
    const value = input.value.trim();
    if (!input.list || !value) return [];
    return Array.prototype.filter.call(input.list.options, function (option) {
      return option.value === value;
    });
  }

  // Text boxes with data-suggest-url get browser suggestions (a <datalist>) from that URL,
  // which answers {"results": [...]} for ?q=<typed text>; a result is a label, or
  // {"label": ..., "key": ...} when the box sends the chosen key apart (data-keyed).
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
      if (chosenOptions(input).length) return; // a suggestion was just chosen
      clearTimeout(timer);
      timer = setTimeout(function () {
        lastQuery = query;
        const url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren(...data.results.map(function (result) {
              const option = document.createElement("option");
              option.value = typeof result === "string" ? result : result.label;
              if (result.key) option.dataset.key = result.key;
              return option;
            }));
          })
          .catch(function () { /* offline: the user can still type a code */ });
      }, 200);
    });
  }

  // Keyed boxes (data-keyed) send the key of the chosen suggestion in <name>_key: a hidden
  // input, or the radio buttons offered when the typed text matched several. Choosing a
  // suggestion sets it; typing anything else clears it, so the server matches the text.
  function attachKey(input) {
    if (!input.form) return;
    input.addEventListener("input", function () {
      const options = chosenOptions(input);
      const key = options.length === 1 ? options[0].dataset.key || "" : "";
      input.form.querySelectorAll('[name="' + input.name + '_key"]').forEach(function (field) {
        if (field.type === "radio") field.checked = key !== "" && field.value === key;
        else field.value = key;
      });
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
    document.querySelectorAll("input[data-keyed]").forEach(attachKey);
    focusFirstError();
  });
})();
