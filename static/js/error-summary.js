// After a failed save: focus the error summary, so screen readers read it and the keyboard
// starts there (its links lead to the fields).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
