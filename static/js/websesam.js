// Small progressive enhancements; every page works without JavaScript.

// Markera alla (also Orderrader's "Ta bort: markera alla"): the header box
// means every row (without JavaScript the server reads it so); here the rows
// follow it, and unticking a row unticks it, so that what is sent is what is
// shown. Listened for on the document, so that a table htmx swapped in
// (Orderrader saved in place) behaves as the one the page loaded with.
document.addEventListener("change", (event) => {
  const box = event.target;
  const table = box.closest && box.closest("table");
  if (!table) return;
  if (box.matches(".js-select-all")) {
    for (const row of table.querySelectorAll(".js-select")) row.checked = box.checked;
  } else if (box.matches(".js-select") && !box.checked) {
    const all = table.querySelector(".js-select-all");
    if (all) all.checked = false;
  }
});
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // Kopiera: the text stays selectable by hand when the clipboard is refused.
  for (const button of document.querySelectorAll(".js-copy")) {
    const source = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector(".js-copy-status");
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      source.select();
      try {
        await navigator.clipboard.writeText(source.value);
        if (status) status.textContent = status.dataset.done;
      } catch {
        // Selected above: Ctrl+C copies it.
      }
    });
  }
});
