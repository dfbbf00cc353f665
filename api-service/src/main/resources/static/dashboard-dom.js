// DOM helpers: every value goes in as a text node or a property, never as HTML.

/** h('tr', {className: 'x', dataset: {id}}, 'text', child, ...): children are nodes or text; null/false skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'className' || name === 'value' || name === 'textContent' || name === 'disabled'
        || name === 'selected' || name === 'checked' || name === 'hidden' || name === 'type') el[name] = value;
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (id) => document.getElementById(id);

export function dash(value) { return value === null || value === undefined || Number.isNaN(value) ? '–' : String(value); }
export function fixed(value, digits = 2) { return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits); }
export function millions(n) { return n == null ? '–' : (n / 1e6).toFixed(2) + ' M'; }
export function thousands(n) { return n == null ? '–' : (n / 1e3).toFixed(1) + ' k'; }
export function duration(seconds) {
  if (seconds == null || seconds < 0 || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
}
export function when(instant) { return instant ? new Date(instant).toLocaleString() : '–'; }
export function ago(instant) {
  if (!instant) return 'never';
  const s = Math.max(0, (Date.now() - new Date(instant).getTime()) / 1000);
  return s < 90 ? Math.round(s) + ' s ago' : duration(s) + ' ago';
}

export function budgetText(b) {
  if (!b) return '–';
  if (b.latencyMs != null) return `${b.latencyMs} ms`;
  if (b.macs != null) return `${millions(b.macs)} MACs`;
  if (b.params != null) return `${thousands(b.params)} params`;
  if (b.averageMacs != null) return `${millions(b.averageMacs)} avg MACs`;
  return '–';
}

/** A definition list from [label, value] pairs; values are text or nodes. */
export function facts(pairs) {
  return h('dl', {}, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** A progress bar whose width is set through the CSSOM (allowed by the CSP, unlike style attributes). */
export function bar(fraction, label) {
  const inner = h('div');
  inner.style.width = Math.max(0, Math.min(100, 100 * fraction)).toFixed(1) + '%';
  return h('div', { className: 'bar', title: label || '', role: 'progressbar',
    'aria-valuenow': Math.round(100 * fraction), 'aria-valuemin': 0, 'aria-valuemax': 100 }, inner);
}
