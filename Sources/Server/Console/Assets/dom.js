// A few helpers to build the page from plain elements: no framework, nothing to build.

/** `h("button", {class: "primary", onclick}, "Save")`: an element with attributes, listeners and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key === "value" && "value" in element) element.value = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the contents of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A table with a header row; `rows` are objects keyed by the column titles. */
export function table(columns, rows, { empty = "No items", selectable = null, selected = null } = {}) {
  const head = h("tr", {}, selectable ? h("th", { class: "select" }) : null, columns.map((column) => h("th", {}, column)));
  const body = rows.length
    ? rows.map((row, index) =>
        h("tr", { class: selected === index ? "selected" : null, onclick: selectable ? () => selectable(index) : null },
          selectable ? h("td", { class: "select" }, h("input", { type: "radio", name: "row", checked: selected === index || null })) : null,
          columns.map((column) => h("td", {}, row[column] ?? ""))))
    : [h("tr", {}, h("td", { colspan: columns.length + (selectable ? 1 : 0), class: "empty" }, empty))];
  // Wide lists scroll inside their page, as AWS's do, rather than pushing the page past the window.
  return h("div", { class: "table-scroll" }, h("table", { class: "list" }, h("thead", {}, head), h("tbody", {}, body)));
}
