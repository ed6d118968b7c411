// Small progressive enhancements; every page works without JavaScript.
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
