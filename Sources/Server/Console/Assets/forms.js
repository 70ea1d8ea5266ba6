// Action pages as the AWS console draws them: a title, sections of labelled fields, Cancel and a primary button.
// A field may show only for some choices (`when`), and the page runs its action with the values, showing AWS's
// error in place when the API refuses.

import { h, replace } from "./dom.js";
import { errorBox } from "./app.js";

/**
 * fields: [{name, label, type: "text"|"select"|"radio"|"checkbox"|"multiselect", options: [[value, label]], value,
 *           placeholder, help, when: (values) => bool}]
 * run: async (values) => void (throws ApiError to show it)
 */
export function formPage({ title, description, sections, submit, cancel, run }) {
  const errors = h("div", { class: "form-errors" });
  const inputs = new Map();
  const rows = [];
  const values = () => {
    const result = {};
    for (const [name, read] of inputs) result[name] = read();
    return result;
  };
  const refresh = () => {
    const current = values();
    for (const { field, row } of rows) row.hidden = field.when ? !field.when(current) : false;
  };
  const sectionElements = sections.map((section) =>
    h("section", { class: "form-section" }, section.title ? h("h2", {}, section.title) : null,
      section.fields.map((field) => {
        const row = h("div", { class: "field" }, h("label", { for: `field-${field.name}` }, field.label),
          field.help ? h("p", { class: "help" }, field.help) : null, control(field, inputs, refresh));
        rows.push({ field, row });
        return row;
      })));
  const button = h("button", { class: "primary", type: "submit" }, submit);
  const form = h("form", { class: "page action-page", onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      replace(errors);
      try {
        await run(values());
      } catch (error) {
        replace(errors, errorBox(error));
        button.disabled = false;
      }
    } },
    h("h1", {}, title), description ? h("p", { class: "description" }, description) : null, sectionElements, errors,
    h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => history.back() }, cancel ?? "Cancel"), button));
  refresh();
  return form;
}

function control(field, inputs, refresh) {
  const id = `field-${field.name}`;
  switch (field.type ?? "text") {
    case "select": {
      const select = h("select", { id, name: field.name, onchange: refresh },
        field.options.map(([value, label]) => h("option", { value, selected: value === field.value || null }, label)));
      inputs.set(field.name, () => select.value);
      return select;
    }
    case "multiselect": {
      const select = h("select", { id, name: field.name, multiple: true, onchange: refresh },
        field.options.map(([value, label]) => h("option", { value, selected: (field.value ?? []).includes(value) || null }, label)));
      inputs.set(field.name, () => Array.from(select.selectedOptions).map((option) => option.value));
      return select;
    }
    case "radio": {
      const buttons = field.options.map(([value, label]) =>
        h("label", { class: "radio" }, h("input", { type: "radio", name: field.name, value, checked: value === field.value || null,
          onchange: refresh, "aria-label": label }), label));
      inputs.set(field.name, () => buttons.map((b) => b.querySelector("input")).find((input) => input.checked)?.value ?? "");
      return h("div", { id, class: "radios" }, buttons);
    }
    case "checkbox": {
      const box = h("input", { id, type: "checkbox", name: field.name, checked: field.value || null, onchange: refresh });
      inputs.set(field.name, () => box.checked);
      return box;
    }
    default: {
      const input = h("input", { id, name: field.name, type: "text", value: field.value ?? "", placeholder: field.placeholder ?? "",
        oninput: refresh });
      inputs.set(field.name, () => input.value.trim());
      return input;
    }
  }
}

/** A page that asks before doing something: the item, what will happen, and the button. */
export function confirmPage({ title, text, submit, run }) {
  return formPage({ title, description: text, sections: [], submit, run });
}

/** An action page whose form is one `rowsEditor`: `run` gets the edited rows. */
export function rowsPage({ title, description, editor, submit, run }) {
  const page = formPage({ title, description, sections: [], submit, run: () => run(editor.values()) });
  page.querySelector(".form-errors").before(editor.element);
  return page;
}

/** A page of editable rows (routes, rules): each row's fields, Remove, and "Add …". */
export function rowsEditor({ columns, rows, addLabel, makeRow }) {
  const body = h("tbody");
  const entries = [];
  const add = (row) => {
    const cells = makeRow(row);
    const entry = { row, cells };
    const tr = h("tr", {}, cells.elements.map((element) => h("td", {}, element)),
      h("td", {}, row?.fixed ? null : h("button", { type: "button", onclick: () => { entries.splice(entries.indexOf(entry), 1); tr.remove(); } },
        "Remove")));
    entries.push(entry);
    body.append(tr);
  };
  rows.forEach(add);
  const element = h("div", { class: "rows-editor" },
    h("table", { class: "list edit" }, h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c)), h("th"))), body),
    h("button", { type: "button", onclick: () => add(null) }, addLabel));
  return { element, values: () => entries.map((entry) => ({ original: entry.row, value: entry.cells.read() })) };
}
