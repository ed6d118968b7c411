// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // Markera alla (also Orderrader's "Ta bort: markera alla"): the header
  // box means every row (without JavaScript the server reads it so); here
  // the rows follow it, and unticking a row unticks it, so that what is
  // sent is what is shown.
  for (const all of document.querySelectorAll(".js-select-all")) {
    const rows = all.closest("table").querySelectorAll(".js-select");
    all.addEventListener("change", () => {
      for (const row of rows) row.checked = all.checked;
    });
    for (const row of rows) {
      row.addEventListener("change", () => {
        if (!row.checked) all.checked = false;
      });
    }
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
