"use strict";
// The console talks to the same JSON API as everyone else; errors use the one error shape.

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ""));
  return node;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? `${data.error.message} (${data.error.code})` : response.statusText);
  return data;
}

function findings(list) {
  return list.map((f) => el("div", { class: "finding" }, el("code", {}, f.code), el("div", {}, f.reason_zh), el("div", {}, f.reason)));
}

function showError(target, error) {
  target.replaceChildren(el("p", { class: "error" }, error.message));
}

function renderNumber(data) {
  const rep = data.reputation;
  const rows = [
    el("p", {}, el("span", { class: `badge ${rep.level}` }, rep.level), " ", data.number, " · ", data.class),
  ];
  if (data.carrier_name) rows.push(el("p", {}, `运营商 ${data.carrier_name.zh} / ${data.carrier_name.en}`));
  if (data.location) rows.push(el("p", {}, `归属地 ${data.location.zh || ""} ${data.location.en || ""}`));
  if (data.official) rows.push(el("p", {}, `官方号码 ${data.official.owner.zh} (${data.official.owner.en}),回拨 ${data.official.callback}`));
  rows.push(el("p", {}, `举报 ${rep.report_count} 次 / ${rep.distinct_reporters} 人 · score ${rep.score.toFixed(2)}`));
  return [...rows, ...findings(rep.findings)];
}

function formData(form) {
  const data = {};
  for (const [key, value] of new FormData(form).entries()) if (value !== "") data[key] = value;
  return data;
}

document.getElementById("check-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const target = document.getElementById("check-result");
  try {
    const data = await api("GET", `/v1/numbers/${encodeURIComponent(formData(event.target).number)}`);
    target.replaceChildren(...renderNumber(data));
  } catch (error) { showError(target, error); }
});

// The message as written, with each red flag's words marked; its reason is the tooltip.
function highlighted(text, flags) {
  const nodes = [];
  let at = 0;
  for (const flag of [...flags].sort((a, b) => a.start - b.start)) {
    if (flag.start < at) continue;  // overlapping flags: the first one is marked
    nodes.push(text.slice(at, flag.start));
    nodes.push(el("mark", { title: `${flag.code}: ${flag.reason_zh} / ${flag.reason}` }, text.slice(flag.start, flag.end)));
    at = flag.end;
  }
  nodes.push(text.slice(at));
  return el("blockquote", { class: "message" }, ...nodes);
}

function renderMessage(text, data) {
  const verdict = data.is_fraud ? "block" : "allow";
  const label = data.is_fraud ? `疑似诈骗 scam · ${data.category}` : "未见诈骗 no scam found";
  const flags = [...new Map(data.red_flags.map((f) => [f.code, f])).values()];
  return [
    el("p", {}, el("span", { class: `badge ${verdict}` }, label), ` score ${data.score.toFixed(2)}`),
    highlighted(text, data.red_flags),
    ...flags.map((f) => el("div", { class: "finding" }, el("code", {}, f.code), el("div", {}, f.reason_zh), el("div", {}, f.reason))),
    ...data.urls.map((u) => el("div", { class: "finding" }, el("code", {}, `link ${u.host} risk ${u.score.toFixed(2)}`), el("div", {}, u.reasons_zh.join(";")))),
    data.entities.length ? el("p", { class: "entities" }, data.entities.map((e) => `${e.kind}: ${e.text}`).join(" · ")) : "",
    el("div", { class: "advice" }, el("div", {}, data.explanation.zh), el("div", {}, data.explanation.en)),
  ];
}

document.getElementById("message-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const target = document.getElementById("message-result");
  const text = formData(event.target).text || "";
  try {
    target.replaceChildren(...renderMessage(text, await api("POST", "/v1/texts/analyze", { text })));
  } catch (error) { showError(target, error); }
});

document.getElementById("screen-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const target = document.getElementById("screen-result");
  try {
    const data = await api("POST", "/v1/calls/screen", formData(event.target));
    target.replaceChildren(
      el("p", {}, el("span", { class: `badge ${data.action}` }, data.action), ` score ${data.score.toFixed(2)}`),
      ...findings(data.findings),
      el("div", { class: "advice" }, el("div", {}, data.advice.zh), el("div", {}, data.advice.en)),
    );
  } catch (error) { showError(target, error); }
});

document.getElementById("report-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const target = document.getElementById("report-result");
  try {
    const data = await api("POST", "/v1/reports", formData(event.target));
    target.replaceChildren(el("p", {}, `已收到举报 #${data.report.id},谢谢! Report received.`), ...renderNumber(data.number));
    event.target.reset();
    loadRecent();
  } catch (error) { showError(target, error); }
});

async function loadRecent() {
  const rows = document.getElementById("recent-rows");
  try {
    const data = await api("GET", "/v1/reports?limit=15");
    rows.replaceChildren(...data.reports.map((r) =>
      el("tr", {}, el("td", {}, r.id), el("td", {}, r.created_at.slice(0, 16).replace("T", " ")), el("td", {}, r.number),
         el("td", {}, r.kind), el("td", {}, r.category), el("td", {}, r.text))));
  } catch (error) { rows.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "error" }, error.message))); }
}
loadRecent();

// A link such as /?text=... opens the console with that message checked.
const sharedText = new URLSearchParams(location.search).get("text");
if (sharedText) {
  const form = document.getElementById("message-form");
  form.elements.text.value = sharedText;
  form.requestSubmit();
}
