// The admin page: it draws the dict from the server's event stream (a snapshot, then each change) and sends
// writes to the server's JSON API. Keys and values only ever reach the page as text (textContent, value),
// never as HTML.

const $ = (selector) => document.querySelector(selector);
const tbody = $("#entries tbody");
const search = $("#search");
const notice = $("#notice");
const editor = $("#editor");
const editorKey = $("#editor-key");
const editorValue = $("#editor-value");
const editorError = $("#editor-error");
const editorSave = $("#editor-save");

/** The rows on the page by key: `{ row, value, text }`, or `{ row, problem }` for an undecodable entry. */
const rows = new Map();

function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, properties);
  node.append(...children);
  return node;
}

function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Booleans and `{ on: boolean, ... }` get a switch. */
function isSwitch(value) {
  return typeof value === "boolean" || (isPlainObject(value) && typeof value.on === "boolean");
}

function switched(value, on) {
  return typeof value === "boolean" ? on : { ...value, on };
}

function showNotice(message) {
  notice.textContent = `${new Date().toLocaleTimeString()}: ${message}`;
  notice.hidden = false;
}

function clearNotice() {
  notice.hidden = true;
}

/** POSTs a JSON body to the API; rejects with the server's message when it refuses. */
async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Durabledict-Admin": "1" },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `${response.status} ${response.statusText}`);
  return answer;
}

/** Asks for confirmation in the page's own dialog; resolves to whether the user said yes. */
function confirmAction(text, detail, action) {
  const dialog = $("#confirm");
  $("#confirm-text").textContent = text;
  $("#confirm-detail").textContent = detail;
  $("#confirm-ok").textContent = action;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

async function flip(key, value, input) {
  input.disabled = true;
  try {
    await post("/api/set", { key, value: switched(value, input.checked) });
    clearNotice();
  } catch (error) {
    input.checked = !input.checked;
    showNotice(`could not change ${JSON.stringify(key)}: ${error.message}`);
  } finally {
    input.disabled = false;
  }
}

async function remove(key) {
  if (!(await confirmAction(`Delete the key ${JSON.stringify(key)}?`, "", "Delete"))) return;
  try {
    await post("/api/delete", { key });
    clearNotice();
  } catch (error) {
    showNotice(`could not delete ${JSON.stringify(key)}: ${error.message}`);
  }
}

function valueCell(key, entry) {
  if (entry.problem) return element("td", { className: "value error", textContent: entry.problem });
  const children = [];
  if (isSwitch(entry.value)) {
    const on = typeof entry.value === "boolean" ? entry.value : entry.value.on;
    const input = element("input", { type: "checkbox", checked: on });
    input.setAttribute("role", "switch");
    input.setAttribute("aria-label", `${key}: on or off`);
    input.addEventListener("change", () => flip(key, entry.value, input));
    children.push(element("label", { className: "switch" }, [input, on ? "on" : "off"]));
  }
  if (typeof entry.value !== "boolean") children.push(element("code", { textContent: entry.text }));
  return element("td", { className: "value" }, children);
}

function renderRow(key, entry) {
  const buttons = [];
  if (!entry.problem) {
    const edit = element("button", { type: "button", textContent: "Edit" });
    edit.addEventListener("click", () => openEditor(key, entry.value));
    buttons.push(edit);
  }
  const del = element("button", { type: "button", className: "danger", textContent: "Delete" });
  del.addEventListener("click", () => remove(key));
  buttons.push(del);
  const row = element("tr", {}, [
    element("td", { className: "key", textContent: key }),
    valueCell(key, entry),
    element("td", { className: "actions" }, buttons),
  ]);
  row.dataset.key = key;
  return row;
}

function matches(key, entry, query) {
  if (!query) return true;
  const haystack = `${key}\n${entry.text ?? entry.problem}`.toLowerCase();
  return haystack.includes(query);
}

function applyFilter() {
  const query = search.value.trim().toLowerCase();
  let shown = 0;
  for (const [key, entry] of rows) {
    entry.row.hidden = !matches(key, entry, query);
    if (!entry.row.hidden) shown++;
  }
  $("#empty").hidden = shown > 0;
}

/** Puts a row for `key` in key order (replacing the old one), keeping keyboard focus on it. */
function put(key, entry, flash) {
  const old = rows.get(key);
  const row = renderRow(key, entry);
  if (old) {
    const hadFocus = old.row.contains(document.activeElement);
    old.row.replaceWith(row);
    if (hadFocus) row.querySelector("input, button")?.focus();
  } else {
    const next = [...rows.keys()].filter((other) => other > key).sort()[0];
    tbody.insertBefore(row, next === undefined ? null : rows.get(next).row);
  }
  if (flash) row.classList.add("flash");
  rows.set(key, { ...entry, row });
}

function drop(key) {
  rows.get(key)?.row.remove();
  rows.delete(key);
}

function entryOf(value) {
  return { value, text: JSON.stringify(value) };
}

function showSnapshot({ title, entries, undecodable }) {
  $("#store").textContent = title;
  document.title = `durabledict admin: ${title}`;
  for (const key of [...rows.keys()]) drop(key);
  for (const { key, value } of entries) put(key, entryOf(value), false);
  for (const { key, message } of undecodable) put(key, { problem: message }, false);
  applyFilter();
}

function showChange({ key, deleted, value }) {
  if (deleted) drop(key);
  else put(key, entryOf(value), true);
  applyFilter();
}

function setConnection(text, state) {
  const status = $("#connection");
  status.textContent = text;
  status.className = state;
}

function validate() {
  try {
    JSON.parse(editorValue.value);
    editorError.textContent = "";
    editorSave.disabled = false;
    return true;
  } catch (error) {
    editorError.textContent = `Not valid JSON: ${error.message}`;
    editorSave.disabled = true;
    return false;
  }
}

/** Opens the JSON editor: on an existing key (`value` given), or empty to add a key. */
function openEditor(key, value) {
  const adding = value === undefined;
  $("#editor-title").textContent = adding ? "Add a key" : "Edit the value";
  editorKey.value = key;
  editorKey.readOnly = !adding;
  editorValue.value = adding ? "" : JSON.stringify(value, null, 2);
  editor.dataset.mode = adding ? "add" : "edit";
  validate();
  editor.showModal();
  (adding ? editorKey : editorValue).focus();
}

async function save(event) {
  event.preventDefault();
  if (!validate()) return;
  const key = editorKey.value;
  const value = JSON.parse(editorValue.value);
  const adding = editor.dataset.mode === "add";
  if (
    adding &&
    !(await confirmAction(`Add the key ${JSON.stringify(key)}?`, JSON.stringify(value, null, 2), "Add"))
  )
    return;
  try {
    await post(adding ? "/api/add" : "/api/set", { key, value });
    editor.close();
    clearNotice();
  } catch (error) {
    editorError.textContent = error.message;
  }
}

editorValue.addEventListener("input", validate);
$("#editor-form").addEventListener("submit", save);
$("#editor-cancel").addEventListener("click", () => editor.close());
$("#add").addEventListener("click", () => openEditor("", undefined));
search.addEventListener("input", applyFilter);

const events = new EventSource("/api/events");
events.addEventListener("open", () => setConnection("live", "live"));
events.addEventListener("error", () =>
  events.readyState === EventSource.CLOSED
    ? setConnection("disconnected: reload the page (with the token if asked)", "down")
    : setConnection("reconnecting…", "down"),
);
events.addEventListener("snapshot", (event) => showSnapshot(JSON.parse(event.data)));
events.addEventListener("change", (event) => showChange(JSON.parse(event.data)));
events.addEventListener("problem", (event) => showNotice(`store problem: ${JSON.parse(event.data).message}`));
