// The quorum while attendance is taken: counts the members ticked present and says whether
// more than half of the sitting members are there (exactly half is not a quorum).
(function () {
  const form = document.getElementById("attendance-form");
  const box = document.getElementById("quorum-live");
  if (!form || !box) return;
  const sitting = Number(box.dataset.sitting);
  const needed = Number(box.dataset.needed);
  function update() {
    const present = form.querySelectorAll('input[type="radio"][value="present"]:checked').length;
    box.querySelector("[data-present]").textContent = present;
    const reached = present >= needed && sitting > 0;
    box.classList.toggle("alert-success", reached);
    box.classList.toggle("alert-warning", !reached);
    box.querySelector("[data-reached]").hidden = !reached;
    box.querySelector("[data-missing]").hidden = reached;
  }
  form.addEventListener("change", update);
  update();
})();
