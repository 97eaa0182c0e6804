// After a failed save: focus the error summary, so screen readers read it and the keyboard
// starts there. Its links move the focus to their field without changing the address: an
// address ending in "#id_…" would be posted again by the form and, on the next failed save,
// the browser would jump to that old field instead of the new summary.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (!summary) return;
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: "center" });
  });
});
