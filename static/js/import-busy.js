// A long import must not look stuck nor be sent twice: the button turns into a spinner.
document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("button[data-busy-text]").forEach(function (button) {
      const spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-2";
      spinner.setAttribute("aria-hidden", "true");
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      button.replaceChildren(spinner, document.createTextNode(button.dataset.busyText));
    });
  });
});
