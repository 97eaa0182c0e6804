// After a login that interrupted a save (the session had ended), the page gets the values
// the user had typed (core/unsent.py): put them back into the form they came
// from and say so. Nothing is saved until the user presses the form's button again.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("unsent-form");
  if (!source) return;
  const kept = JSON.parse(source.textContent);
  const names = Object.keys(kept.fields);
  // The form with most of the kept fields (the page also has e.g. the logout form).
  let form = null;
  let best = 0;
  for (const candidate of document.querySelectorAll("form")) {
    if (candidate.method.toLowerCase() !== "post") continue;
    const found = names.filter((name) => candidate.elements.namedItem(name)).length;
    if (found > best) [form, best] = [candidate, found];
  }
  if (!form) return;
  const byName = new Map();
  for (const element of form.elements) {
    if (!element.name || element.name === "csrfmiddlewaretoken") continue;
    if (!byName.has(element.name)) byName.set(element.name, []);
    byName.get(element.name).push(element);
  }
  for (const [name, elements] of byName) {
    const values = kept.fields[name] || [];
    elements.forEach((element, index) => {
      if (element.type === "checkbox" || element.type === "radio") {
        // an unchecked box is missing from a POST: missing means unchecked
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        for (const option of element.options) option.selected = values.includes(option.value);
      } else if (element.type !== "file" && element.type !== "submit" && name in kept.fields) {
        element.value = values[Math.min(index, values.length - 1)];
      }
    });
  }
  const note = document.createElement("div");
  note.className = "alert alert-warning";
  note.setAttribute("role", "status");
  note.id = "unsent-form-note";
  note.textContent = kept.note;
  form.before(note);
});
