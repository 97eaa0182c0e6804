// The measure form, made quicker to fill in (templates/measures/measure_form.html). Without
// this script the form works as well: a blank number is given by the server, all goals are
// offered grouped by action field, and the SMART check shows the state of the loaded page.
//  1. Number: choosing an action field fills in its next free number ("3.7"), unless the user
//     has typed a number of their own. On an existing measure only a change of field proposes
//     a number; going back to the old field brings the old number back.
//  2. Goal: only the goals of the chosen field are offered.
//  3. SMART: while the user types, the form's values are checked by the server
//     (measures:smart_check, the same rules as after saving) and the panel is updated.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-measure-form]");
  if (!form) return;
  const field = form.elements.namedItem("action_field");
  const number = form.elements.namedItem("number");
  const goal = form.elements.namedItem("goal");
  if (field && number) proposeNumbers(field, number);
  if (field && goal) narrowGoals(field, goal);
  const panel = document.getElementById("smart-check");
  if (panel) checkWhileTyping(form, panel);
});

// A polite status line below a field's help text. Created with the page, empty, so that
// screen readers already watch it when the first message is written.
function noteFor(input, id) {
  const note = document.createElement("div");
  note.id = id;
  note.className = "form-text";
  note.setAttribute("aria-live", "polite");
  const help = document.getElementById(`${input.id}_helptext`);
  (help || input).after(note);
  const described = input.getAttribute("aria-describedby");
  input.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
  return note;
}

function proposeNumbers(field, number) {
  const proposals = JSON.parse(number.dataset.nextNumbers || "{}");
  const originalNumber = number.dataset.originalNumber || "";
  const originalField = number.dataset.originalField || "";
  // Values this script (or the server, on a new measure) put there: replaced when the field
  // changes. Anything else the user typed stays.
  const ours = new Set(Object.values(proposals));
  if (originalNumber) ours.add(originalNumber);
  const note = noteFor(number, "number-proposal");
  const propose = () => {
    const current = number.value.trim();
    if (current !== "" && !ours.has(current)) return;
    let next = proposals[field.value] || "";
    if (originalField && field.value === originalField) next = originalNumber;
    if (next === current) return;
    number.value = next;
    if (next && next !== originalNumber) {
      note.textContent = `Vorgeschlagen: ${next}, die nächste freie Nummer dieses Handlungsfelds. Sie können sie ändern.`;
    } else {
      note.textContent = next ? `Wieder die bisherige Nummer ${next}.` : "";
    }
  };
  field.addEventListener("change", propose);
  if (!originalNumber && field.value && number.value.trim() === "") propose();
}

function narrowGoals(field, goal) {
  // The goals as the server rendered them (grouped by field); each narrowing starts from these.
  const all = Array.from(goal.children, (node) => node.cloneNode(true));
  const fieldOf = new Map(
    Array.from(goal.querySelectorAll("option[data-action-field]"), (o) => [o.value, o.dataset.actionField]),
  );
  const note = noteFor(goal, "goal-narrowed");
  const narrow = (announce) => {
    const chosen = field.value;
    const selected = goal.value;
    goal.replaceChildren(...all.map((node) => node.cloneNode(true)));
    let offered = fieldOf.size;
    if (chosen) {
      for (const group of Array.from(goal.querySelectorAll("optgroup"))) {
        const options = Array.from(group.querySelectorAll("option"));
        if (!options.some((o) => o.dataset.actionField === chosen)) group.remove();
      }
      offered = goal.querySelectorAll("option[data-action-field]").length;
    }
    const kept = selected && goal.querySelector(`option[value="${CSS.escape(selected)}"]`);
    goal.value = kept ? selected : "";
    if (!announce) return;
    let text = "";
    if (selected && !kept) {
      text = "Das gewählte Ziel gehört zu einem anderen Handlungsfeld und wurde abgewählt. ";
    }
    if (chosen && offered === 0) text += "Für dieses Handlungsfeld gibt es noch keine Ziele.";
    else if (chosen) text += `${offered === 1 ? "1 Ziel" : `${offered} Ziele`} dieses Handlungsfelds zur Auswahl.`;
    note.textContent = text;
  };
  field.addEventListener("change", () => narrow(true));
  // A goal chosen before the field (all goals are offered then) chooses its field.
  goal.addEventListener("change", () => {
    const its = fieldOf.get(goal.value);
    if (field.value || !its) return;
    field.value = its;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  });
  if (field.value) narrow(false);
}

function checkWhileTyping(form, panel) {
  const summary = document.getElementById("smart-check-summary");
  const stand = document.getElementById("smart-check-note");
  const token = form.elements.namedItem("csrfmiddlewaretoken");
  stand.textContent = "Wird während der Eingabe aktualisiert; gespeichert wird erst mit „Speichern“.";
  let timer = null;
  let running = null;
  const show = (result) => {
    for (const item of result.letters) {
      const row = panel.querySelector(`[data-letter="${item.letter}"]`);
      if (!row) continue;
      row.dataset.ok = item.ok ? "true" : "false";
      const badge = row.querySelector(".badge");
      badge.classList.toggle("text-bg-success", item.ok);
      badge.classList.toggle("text-bg-secondary", !item.ok);
      row.querySelector("[data-state]").textContent = item.ok ? "erfüllt" : "fehlt noch";
      row.querySelector("[data-missing]").replaceChildren(
        ...item.missing.map((reason) => {
          const li = document.createElement("li");
          li.textContent = reason;
          return li;
        }),
      );
    }
    // Only a changed sentence is announced again.
    if (summary.textContent !== result.summary) summary.textContent = result.summary;
  };
  const check = async () => {
    if (running) running.abort();
    running = new AbortController();
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
        credentials: "same-origin",
        signal: running.signal,
      });
      const json = (response.headers.get("Content-Type") || "").includes("application/json");
      if (!response.ok || !json) throw new Error(`status ${response.status}`);
      show(await response.json());
      stand.textContent = "Wird während der Eingabe aktualisiert; gespeichert wird erst mit „Speichern“.";
    } catch (error) {
      if (error.name === "AbortError") return;
      stand.textContent = "Die Prüfung während der Eingabe ist gerade nicht möglich; beim Speichern wird geprüft.";
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  };
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  // Values put back after a login (static/js/unsent-form.js) are not what the page was rendered with.
  if (document.getElementById("unsent-form-note")) check();
}
