// The page's behaviour: no framework, no build step, nothing loaded from elsewhere.
// Every text from the server is set with textContent; the HTML blurb (escaped by the server)
// is shown only inside a sandboxed iframe, which runs no script.
"use strict";

const $ = (id) => document.getElementById(id);
const session = [];
let info = null;
let sourceName = "pasted text";

function setStatus(text) { $("status").textContent = text; }

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function keyHeaders() {
  const key = $("key").value.trim();
  return key ? { "Authorization": "Bearer " + key } : {};
}

function headers() { return { "Content-Type": "application/json", ...keyHeaders() }; }

async function answerOf(response) {
  let data = null;
  try { data = await response.json(); } catch (_) { data = null; }
  if (!response.ok) {
    const message = data && data.error ? data.error.message : `the server answered ${response.status}`;
    throw new Error(message);
  }
  return data;
}

async function api(path, body) {
  return answerOf(await fetch(path, { method: "POST", headers: headers(), body: JSON.stringify(body) }));
}

// A web page, PDF, Word file or e-mail is read by the server (/v1/extract); its title and text are
// shown here to check before anything is summarized.
async function extract(file) {
  const form = new FormData();
  form.append("files", file, file.name);
  const data = await answerOf(await fetch("/v1/extract", { method: "POST", headers: keyHeaders(), body: form }));
  const read = data.documents[0];
  if (read.error) { throw new Error(read.error); }
  return read;
}

async function loadInfo() {
  const response = await fetch("/v1/info", { headers: headers() });
  if (response.status === 401) { $("key-row").hidden = false; showError("This server needs an API key: enter it below."); return; }
  info = await response.json();
  $("key-row").hidden = !info.key_required;
  $("limits").textContent = `Up to ${info.max_text_chars.toLocaleString()} characters.`;
  const options = $("language-options");
  options.replaceChildren();
  const names = new Intl.DisplayNames(["en"], { type: "language" });
  for (const code of ["en", "es", "ru", ...info.languages].filter((c, i, all) => all.indexOf(c) === i)) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox"; box.name = "language"; box.value = code; box.checked = info.languages.includes(code);
    label.append(box, document.createTextNode(`${names.of(code) || code} (${code})`));
    options.append(label);
  }
  const length = $("length");
  length.replaceChildren();
  for (const name of info.lengths) {
    const option = document.createElement("option");
    option.value = name; option.textContent = name; option.selected = name === info.length;
    length.append(option);
  }
}

function chosenLanguages() {
  return [...document.querySelectorAll("input[name=language]:checked")].map((box) => box.value);
}

function showSummaries(record) {
  const list = $("summaries");
  list.replaceChildren();
  const names = new Intl.DisplayNames(["en"], { type: "language" });
  $("source-language").textContent = record.error ? "" :
    `Source language: ${names.of(record.source_language) || record.source_language} (${record.source_language})`;
  if (record.error) { showError(record.error); return; }
  for (const [code, summary] of Object.entries(record.summaries)) {
    const block = document.createElement("article");
    block.className = "summary" + (summary.error ? " failed" : "");
    block.lang = code;
    block.dataset.language = code;
    const title = document.createElement("h3");
    title.textContent = `${names.of(code) || code} (${code})`;
    const text = document.createElement("p");
    // The server composes the marks ([unverified: …], [low confidence: …]); the page shows them as they are.
    text.textContent = summary.error ? `Not available: ${summary.error}` : (summary.marked || summary.text);
    block.append(title, text);
    const notes = [];
    for (const check of summary.checks || []) {
      if (check.status === "unchecked") { notes.push(`Not fact-checked: ${check.reason || "the check could not be made"}.`); }
      else if (!check.supported) { notes.push(`Unverified: ${check.text} (${check.status.replaceAll("_", " ")}).`); }
    }
    for (const warning of summary.warnings || []) { notes.push(`Warning: ${warning}`); }
    if (notes.length) {
      const items = document.createElement("ul");
      items.className = "notes";
      for (const note of notes) {
        const item = document.createElement("li");
        item.textContent = note;
        items.append(item);
      }
      block.append(items);
    }
    list.append(block);
  }
}

function showBlurb(blurb) {
  $("markdown-output").value = blurb.markdown || "";
  $("html-output").value = blurb.html || "";
  const page = `<!doctype html><meta charset="utf-8"><body style="font-family:sans-serif">${blurb.html || ""}</body>`;
  $("preview").srcdoc = page;
}

async function submit(event) {
  event.preventDefault();
  showError("");
  const text = $("text").value;
  if (!text.trim()) { showError("Paste a statement first."); $("text").focus(); return; }
  const languages = chosenLanguages();
  if (!languages.length) { showError("Choose at least one language."); return; }
  const body = { text, ids: [sourceName], languages, length: $("length").value };
  const button = $("submit");
  button.disabled = true;
  $("results").setAttribute("aria-busy", "true");
  const started = Date.now();
  const timer = setInterval(() => setStatus(`Working… ${Math.round((Date.now() - started) / 1000)} s`), 500);
  setStatus("Working…");
  try {
    const summary = await api("/v1/summarize", body);
    const record = summary.results[0];
    $("results").hidden = false;
    showSummaries(record);
    if (!record.error) {
      const blurbs = await api("/v1/blurbs", { ...body, formats: ["markdown", "html"] });
      showBlurb(blurbs.blurbs[0]);
      session.push(blurbs.blurbs[0].markdown || "");
      $("session-count").textContent = session.length === 1 ? "1 blurb" : `${session.length} blurbs`;
      $("download").disabled = false;
    }
    setStatus(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    showError(error.message);
    setStatus("");
  } finally {
    clearInterval(timer);
    button.disabled = false;
    $("results").removeAttribute("aria-busy");
  }
}

async function copy(from, status) {
  const text = $(from).value;
  for (const other of document.querySelectorAll(".copy-status")) { other.textContent = ""; }
  try {
    await navigator.clipboard.writeText(text);
    $(status).textContent = "Copied.";
  } catch (_) {
    $(from).select();
    $(status).textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  }
}

function download() {
  const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
  const digest = `# Digest, ${stamp}\n\n` + session.join("\n\n---\n\n") + "\n";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([digest], { type: "text/markdown" }));
  link.download = "digest.md";
  link.click();
  URL.revokeObjectURL(link.href);
}

async function readFile(file) {
  if (!file) { return; }
  showError("");
  const shown = $("extracted");
  shown.hidden = true;
  if (file.type === "text/plain" || /\.txt$/i.test(file.name)) {
    if (file.size > (info ? info.max_text_chars * 4 : 400000)) { showError(`${file.name} is too large.`); return; }
    $("text").value = await file.text();
    sourceName = file.name;
    return;
  }
  setStatus(`Reading ${file.name}…`);
  try {
    const read = await extract(file);
    $("text").value = read.text;
    sourceName = read.title || file.name;
    shown.textContent = `Read from ${file.name}` + (read.title ? `: “${read.title}”` : "") +
      (read.published ? `, ${read.published.slice(0, 10)}` : "") + ". Check the text, then summarize.";
    shown.hidden = false;
    setStatus("");
  } catch (error) {
    setStatus("");
    showError(`${file.name}: ${error.message}`);
  }
}

function init() {
  $("form").addEventListener("submit", submit);
  $("text").addEventListener("input", () => { sourceName = "pasted text"; });
  $("copy-markdown").addEventListener("click", () => copy("markdown-output", "copy-markdown-status"));
  $("copy-html").addEventListener("click", () => copy("html-output", "copy-html-status"));
  $("download").addEventListener("click", download);
  $("file").addEventListener("change", (event) => readFile(event.target.files[0]));
  $("key").addEventListener("change", () => loadInfo().catch((error) => showError(error.message)));
  const area = $("text");
  area.addEventListener("dragover", (event) => { event.preventDefault(); area.classList.add("dragging"); });
  area.addEventListener("dragleave", () => area.classList.remove("dragging"));
  area.addEventListener("drop", (event) => {
    event.preventDefault();
    area.classList.remove("dragging");
    readFile(event.dataTransfer.files[0]);
  });
  loadInfo().catch((error) => showError(`Cannot reach the server: ${error.message}`));
}

document.addEventListener("DOMContentLoaded", init);
