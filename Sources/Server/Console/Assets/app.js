// The console's shell: the account and region picker, the navigation, the list-and-details pages, the action pages,
// and the live refresh from the server's change feed (/_localvpc/events).

import { ApiError, Ec2, asList, nameOf, requestHeaders, setSigningKeys, signingKeys } from "./api.js";
import { h, replace, table } from "./dom.js";
import { pages, sections } from "./resources.js";
import { actions } from "./actions.js";
import { renderResourceMap } from "./map.js";
import { renderReachability } from "./reachability.js";

const session = {
  account: localStorage.getItem("lvpc.account") ?? "",
  region: localStorage.getItem("lvpc.region") ?? "us-east-1",
  accounts: JSON.parse(localStorage.getItem("lvpc.accounts") ?? "[]"),
  regions: [],
  /** Whether the server checks signatures (`serve --verify-signatures`): then the signed-in key says the account. */
  signaturesVerified: false,
};
let ec2 = new Ec2(session.account, session.region);
/** What the page shows, so a change from elsewhere redraws it in place. */
const view = { page: "vpcs", selected: null, tab: 0, form: null, filter: "" };
let flashMessage = null;
/** Whether the change feed is connected (the top bar's dot). */
let following = false;

/** The console's context for actions and pictures. */
export const consoleContext = {
  get ec2() { return ec2; },
  get session() { return session; },
  ec2For: (account, region) => new Ec2(account, region),
  navigate,
  flash,
};

async function start() {
  const health = await fetch("/_localvpc/health").then((response) => response.json()).catch(() => ({}));
  session.signaturesVerified = health.signatures?.verified === true;
  if (session.signaturesVerified) {
    // The account is the signed-in key's: asked of the server, which also proves the keys sign correctly.
    let account = signingKeys() ? await callerAccount().catch(() => null) : null;
    while (!account) account = await signIn(account === null && signingKeys() ? "These keys no longer sign valid requests." : null);
    session.account = account;
    session.accounts = [account];
  } else if (!/^\d{12}$/.test(session.account)) {
    session.account = await callerAccount();
  }
  remember(session.account);
  ec2 = new Ec2(session.account, session.region);
  try {
    session.regions = (await ec2.call("DescribeRegions", { AllRegions: "true" })).regionInfo.map((r) => r.regionName).sort();
  } catch {
    session.regions = [session.region];
  }
  drawShell();
  window.addEventListener("hashchange", route);
  follow();
  route();
}

/** The caller's account from STS GetCallerIdentity: the signed-in key's when signatures are verified, else the
 * server's default for a key that is not an account id. A refused signature throws an ApiError. */
async function callerAccount() {
  const body = "Action=GetCallerIdentity&Version=2011-06-15";
  const response = await fetch("/", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(await requestHeaders({ method: "POST", path: "/", body, account: "console", region: "us-east-1", service: "sts" })),
    },
    body,
  });
  const document = new DOMParser().parseFromString(await response.text(), "application/xml");
  if (!response.ok) {
    const error = document.querySelector("Errors > Error");
    throw new ApiError(error?.querySelector("Code")?.textContent ?? `HTTP ${response.status}`,
      error?.querySelector("Message")?.textContent ?? "", response.status);
  }
  return document.querySelector("Account")?.textContent ?? "123456789012";
}

/** The sign-in form the console shows when the server requires signatures: the keys are checked with a signed
 * GetCallerIdentity, then kept in this tab's sessionStorage (never sent anywhere but in signatures). Resolves with
 * the keys' account. */
function signIn(problem) {
  return new Promise((resolve) => {
    const field = (label, name, type = "text") =>
      h("label", {}, label, h("input", { name, type, autocomplete: "off", spellcheck: "false", required: name !== "sessionToken" || null }));
    const message = h("div", { class: "sign-in-problem", role: "alert" }, problem ?? "");
    const form = h("form", { class: "sign-in", onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const keys = { accessKeyId: data.get("accessKeyId").trim(), secretAccessKey: data.get("secretAccessKey").trim() };
        if (data.get("sessionToken").trim()) keys.sessionToken = data.get("sessionToken").trim();
        setSigningKeys(keys);
        try {
          resolve(await callerAccount());
        } catch (error) {
          setSigningKeys(null);
          replace(message, errorBox(error));
        }
      } },
      h("h1", {}, "Sign in"),
      h("p", {}, "This LocalVPC server checks SigV4 signatures (serve --verify-signatures). Enter an access key it knows: ",
        "the console signs each request with it. The keys stay in this browser tab only."),
      field("Access key ID", "accessKeyId"), field("Secret access key", "secretAccessKey", "password"),
      field("Session token (optional)", "sessionToken", "password"),
      message,
      h("button", { class: "primary", type: "submit" }, "Sign in"));
    replace(document.getElementById("main"), form);
  });
}

function signOut() {
  setSigningKeys(null);
  location.reload();
}

function remember(account) {
  if (!session.accounts.includes(account)) session.accounts.push(account);
  localStorage.setItem("lvpc.accounts", JSON.stringify(session.accounts));
  localStorage.setItem("lvpc.account", account);
  localStorage.setItem("lvpc.region", session.region);
}

function switchTo(account, region) {
  session.account = account;
  session.region = region;
  remember(account);
  ec2 = new Ec2(account, region);
  view.selected = null;
  // The banner spoke of the other account's or Region's resources.
  flashMessage = null;
  drawShell();
  show();
}

function drawShell() {
  const accountPicker = h("select", { id: "account", "aria-label": "Account", onchange: (event) => {
      if (event.target.value === "switch") {
        const account = prompt("Switch to account (12-digit account ID):", "");
        if (account && /^\d{12}$/.test(account.trim())) switchTo(account.trim(), session.region);
        else drawShell();
      } else {
        switchTo(event.target.value, session.region);
      }
    } },
    session.accounts.map((account) => h("option", { value: account, selected: account === session.account || null }, account)),
    h("option", { value: "switch" }, "Switch account…"));
  const regionPicker = h("select", { id: "region", "aria-label": "Region", onchange: (event) => switchTo(session.account, event.target.value) },
    session.regions.map((region) => h("option", { value: region, selected: region === session.region || null }, region)));
  // With signatures verified the key decides the account: it is shown, not picked.
  const account = session.signaturesVerified
    ? [h("span", { id: "signed-in", title: `Signed in as ${signingKeys()?.accessKeyId ?? ""}` }, `Account ${session.account}`),
      h("button", { id: "sign-out", type: "button", onclick: signOut }, "Sign out")]
    : h("label", {}, "Account ", accountPicker);
  replace(document.getElementById("top"),
    h("a", { class: "brand", href: "#/vpcs" }, "LocalVPC"), h("span", { class: "service" }, "VPC dashboard"),
    h("span", { class: "spacer" }),
    account, h("label", {}, "Region ", regionPicker),
    h("span", { id: "live", class: following ? "on" : null, title: "Follows every change made through the API" }, "●"));
  replace(document.getElementById("nav"),
    sections.map((section) => h("div", { class: "section" }, h("h3", {}, section.title),
      section.pages.map((key) => h("a", { href: `#/${key}`, class: key === view.page ? "current" : null, dataset: { page: key } },
        pages[key].title)))));
}

function route() {
  // A banner is shown once: the next page the user goes to has none, as in the AWS console.
  if (flashMessage?.shown) flashMessage = null;
  const [page = "vpcs", second, third, fourth] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (view.page !== (pages[page] ? page : "vpcs")) view.filter = "";
  view.page = pages[page] ? page : "vpcs";
  view.form = second === "action" ? { action: third, id: fourth } : null;
  view.selected = second && second !== "action" ? second : view.form?.id ?? null;
  if (!view.form) view.tab = 0;
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("current", link.dataset.page === view.page);
  show();
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

export function flash(message, kind = "success") {
  flashMessage = { message, kind, shown: false };
}

/** Draws the current page again from the API (also after a change made elsewhere). */
let drawing = 0;
let filterTimer = null;

async function show() {
  // Each call draws only if no later one started meanwhile: answers that come back out of order never put an older
  // page over a newer one.
  const generation = ++drawing;
  const current = () => generation === drawing;
  const main = document.getElementById("main");
  const page = pages[view.page];
  if (flashMessage) flashMessage.shown = true;
  const banner = flashMessage ? h("div", { class: `flash ${flashMessage.kind}`, role: "status" }, flashMessage.message,
    h("button", { class: "close", "aria-label": "Dismiss", onclick: () => { flashMessage = null; show(); } }, "×")) : null;
  try {
    if (view.form) {
      const action = actions[view.form.action];
      if (!action) return replace(main, banner, h("p", {}, `Unknown action ${view.form.action}`));
      if (main.dataset.form === `${view.form.action}/${view.form.id ?? ""}`) return; // an open form keeps what was typed
      main.dataset.form = `${view.form.action}/${view.form.id ?? ""}`;
      delete main.dataset.drawn;
      const form = await action.page(consoleContext, view.form.id);
      if (current()) replace(main, banner, form);
      else delete main.dataset.form;
      return;
    }
    delete main.dataset.form;
    if (page.custom) delete main.dataset.drawn;
    if (page.custom === "reachability") {
      const picture = await renderReachability(consoleContext);
      if (current()) replace(main, banner, picture);
      return;
    }
    const answer = await ec2.all(page.action, page.list);
    const items = page.flatten ? page.flatten(answer) : answer;
    if (!current()) return;
    // Drawn again only when something shown changed: a change elsewhere leaves this page as it is.
    const drawn = JSON.stringify([view.page, view.selected, view.tab, view.filter, flashMessage?.message, session.account, session.region, items]);
    settle(drawn);
    if (main.dataset.drawn === drawn) return;
    replace(main, banner, listPage(view.page, page, items));
    main.dataset.drawn = drawn;
  } catch (error) {
    if (!current()) return;
    delete main.dataset.drawn;
    replace(main, banner, errorBox(error));
  }
}

function listPage(key, page, items) {
  const selectedIndex = items.findIndex((item) => item[page.id] === view.selected);
  const selected = selectedIndex >= 0 ? items[selectedIndex] : null;
  const allRows = items.map((item) => Object.fromEntries(page.columns.map(([title, value]) => [title, value(item) ?? ""])));
  // The filter box: rows whose text (any column, or a tag) holds every word typed, as the AWS console's search does.
  const words = view.filter.toLowerCase().split(/\s+/).filter(Boolean);
  const text = (index) => (Object.values(allRows[index]).join(" ") + " " + asList(items[index].tagSet).map((t) => `${t.key}=${t.value}`).join(" ")).toLowerCase();
  const shown = items.map((_, index) => index).filter((index) => words.every((word) => text(index).includes(word)));
  const rows = shown.map((index) => allRows[index]);
  const filter = h("input", { type: "search", class: "filter", placeholder: `Filter ${page.title.toLowerCase()}`, "aria-label": "Filter",
    value: view.filter, oninput: (event) => {
      view.filter = event.target.value;
      delete document.getElementById("main").dataset.drawn;
      clearTimeout(filterTimer);
      filterTimer = setTimeout(() => show().then(() => document.querySelector("input.filter")?.focus()), 150);
    } });
  const itemActions = (page.itemActions ?? []).map((name) => actions[name]).filter(Boolean);
  const menu = h("select", { class: "actions", "aria-label": "Actions", disabled: !selected || null, onchange: (event) => {
      const name = event.target.value;
      event.target.value = "";
      if (name) navigate(`#/${key}/action/${name}/${encodeURIComponent(selected[page.id])}`);
    } },
    h("option", { value: "" }, "Actions"),
    // What cannot apply to the selected item is greyed out, as in AWS's console (detach what is not attached, accept
    // what is not pending, delete a main table or a default group).
    (page.itemActions ?? []).filter((name) => actions[name]).map((name) => h("option",
      { value: name, disabled: (selected && actions[name].enabled && !actions[name].enabled(selected)) || null }, actions[name].label)));
  return h("div", { class: "page" },
    h("div", { class: "header" }, h("h1", {}, `${page.title} `, h("span", { class: "count" }, `(${items.length})`)),
      h("span", { class: "spacer" }),
      h("button", { onclick: () => show(), "aria-label": "Refresh" }, "⟳"),
      itemActions.length ? menu : null,
      (page.actions ?? []).map((name) => h("button", { class: "primary", onclick: () => navigate(`#/${key}/action/${name}`) },
        actions[name].label))),
    filter,
    table(page.columns.map(([title]) => title), rows, {
      empty: words.length ? "No matches" : `No ${page.title.toLowerCase()} found in this Region`,
      selectable: (index) => navigate(`#/${key}/${encodeURIComponent(items[shown[index]][page.id])}`),
      selected: shown.indexOf(selectedIndex) >= 0 ? shown.indexOf(selectedIndex) : null,
    }),
    selected ? details(key, page, selected) : null);
}

function details(key, page, item) {
  const title = nameOf(item) ? `${item[page.id]} / ${nameOf(item)}` : item[page.id];
  const tabs = [{ title: "Details" }, ...(page.tabs ?? [])];
  const tab = tabs[Math.min(view.tab, tabs.length - 1)];
  let body;
  if (tab.title === "Details") {
    body = h("dl", { class: "details" },
      page.columns.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value(item) || "–")]),
      asList(item.tagSet).length ? [h("dt", {}, "Tags"), h("dd", {}, asList(item.tagSet).map((t) => `${t.key}=${t.value}`).join(", "))] : null);
  } else if (tab.map) {
    body = h("div", { class: "map-holder" }, "Drawing…");
    renderResourceMap(consoleContext, item[page.id]).then((picture) => replace(body, picture)).catch((error) => replace(body, errorBox(error)));
  } else if (tab.load) {
    // A tab whose rows come from another call (a transit gateway route table's routes, say), read when it is opened.
    body = h("div", { class: "tab-rows" }, "Loading…");
    tab.load(ec2, item).then((rows) => replace(body, rowsTable(rows))).catch((error) => replace(body, errorBox(error)));
  } else {
    body = h("div", {},
      tab.action ? h("div", { class: "tab-actions" }, h("button", { onclick: () =>
        navigate(`#/${key}/action/${tab.action}/${encodeURIComponent(item[page.id])}`) }, actions[tab.action].label)) : null,
      rowsTable(tab.rows(item)));
  }
  return h("section", { class: "detail" }, h("h2", {}, title),
    h("div", { class: "tabs", role: "tablist" }, tabs.map((t, index) => h("button", { role: "tab", class: t === tab ? "current" : null,
      "aria-selected": t === tab ? "true" : "false", onclick: () => { view.tab = index; show(); } }, t.title))),
    body);
}

/** A tab's rows as a table, its columns the keys of the first row. */
function rowsTable(rows) {
  return table(rows.length ? Object.keys(rows[0]) : ["—"], rows, { empty: "No items" });
}

export function errorBox(error) {
  const code = error instanceof ApiError ? error.code : "Error";
  return h("div", { class: "flash error", role: "alert" }, h("strong", {}, code), " ",
    error instanceof ApiError ? error.message.replace(/^[^:]*: /, "") : String(error.message ?? error));
}

/** A state that ends by itself as time passes (a transit gateway's `pending`, an instance's `stopping`, a peering's
 * `provisioning`, …), which the change feed does not announce: while the page's items (`shown`, as JSON) hold one,
 * the page is read again every two seconds until it settles. */
const passing = /"(state|code|name)":"(pending|provisioning|initiating-request|creating|deleting|modifying|associating|disassociating|attaching|detaching|stopping|shutting-down|enabling|disabling)"/;
let settleTimer = null;

function settle(shown) {
  clearTimeout(settleTimer);
  if (!passing.test(shown)) return;
  settleTimer = setTimeout(() => { if (!view.form && !pages[view.page].custom) show(); }, 2000);
}

/** Follows the change feed: each change redraws the page (not an open form) within a moment. */
function follow() {
  // The top bar is drawn again on every account or Region switch: the dot keeps what the feed last said.
  const live = () => document.getElementById("live");
  const events = new EventSource("/_localvpc/events");
  let pending = null;
  events.addEventListener("hello", () => { following = true; live()?.classList.add("on"); });
  events.addEventListener("change", () => {
    // A form, and the Reachability Analyzer's page, hold what the user typed and got: they are not redrawn.
    if (view.form || pages[view.page].custom) return;
    clearTimeout(pending);
    pending = setTimeout(show, 50);
  });
  events.onerror = () => { following = false; live()?.classList.remove("on"); };
  // Closed when the page goes, so the browser's few connections to the server are never held by a page left.
  window.addEventListener("pagehide", () => events.close());
}

start();
