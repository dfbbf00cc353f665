// Slimfit dashboard: a thin client of the public API. The key stays in this browser's localStorage.
const state = { key: localStorage.getItem('slimfit.key') || '', selected: null, spaces: [] };
const $ = (id) => document.getElementById(id);

async function api(path, options = {}) {
  const response = await fetch('/api/v1' + path, {
    ...options,
    headers: { 'Authorization': 'Bearer ' + state.key, 'Content-Type': 'application/json', ...(options.headers || {}) },
  });
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const field = body && body.field ? ` (${body.field})` : '';
    throw new Error((body && body.detail ? body.detail : response.statusText) + field);
  }
  return body;
}

function text(value) { return value === null || value === undefined ? '–' : String(value); }
function budget(b) {
  if (!b) return '–';
  if (b.latencyMs != null) return `${b.latencyMs} ms`;
  if (b.macs != null) return `${(b.macs / 1e6).toFixed(2)} M MACs`;
  if (b.params != null) return `${(b.params / 1e3).toFixed(1)} k params`;
  return `${(b.averageMacs / 1e6).toFixed(2)} M avg MACs`;
}
function progressBar(job) {
  const p = job.progress;
  if (job.status === 'SUCCEEDED') return '<div class="bar"><div style="width:100%"></div></div>';
  if (!p || !p.totalSteps) return '';
  const pct = Math.min(100, 100 * p.step / p.totalSteps).toFixed(0);
  return `<div class="bar" title="${pct}%"><div style="width:${pct}%"></div></div>`;
}

async function loadJobs() {
  if (!state.key) return;
  try {
    const status = $('status-filter').value;
    const page = await api('/jobs?size=50' + (status ? '&status=' + status : ''));
    $('jobs-error').hidden = true;
    const rows = page.items.map((j) => `<tr data-id="${j.id}">
      <td>${new Date(j.createdAt).toLocaleString()}</td><td>${j.method}</td><td>${j.searchSpace}</td>
      <td>${budget(j.budget)}</td><td class="status ${j.status}">${j.status}</td><td>${progressBar(j)}</td></tr>`);
    $('jobs').tBodies[0].innerHTML = rows.join('');
    if (!state.selected && page.items.length) {
      state.selected = page.items[0].id; // show the newest job until another is picked
      loadDetail().catch(() => {});
    }
  } catch (e) {
    $('jobs-error').textContent = e.message;
    $('jobs-error').hidden = false;
  }
}

async function loadDetail() {
  if (!state.selected) return;
  const id = state.selected;
  const job = await api('/jobs/' + id);
  const events = await api(`/jobs/${id}/events?limit=500`);
  $('detail').hidden = false;
  $('detail-title').textContent = `${job.method} on ${job.searchSpace}`;
  const r = job.result || {};
  const p = job.progress || {};
  const cancellable = !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.status);
  $('detail-body').innerHTML = `<dl>
    <dt>status</dt><dd class="status ${job.status}">${job.status}${job.attempt > 1 ? ` (attempt ${job.attempt})` : ''}</dd>
    <dt>budget</dt><dd>${budget(job.budget)}</dd>
    <dt>epoch</dt><dd>${text(p.epoch)} · step ${text(p.step)} / ${text(p.totalSteps)}</dd>
    <dt>throughput</dt><dd>${p.imagesPerSecond ? p.imagesPerSecond.toFixed(0) + ' images/s' : '–'}
      ${p.etaSeconds ? ' · ETA ' + Math.round(p.etaSeconds) + ' s' : ''}</dd>
    <dt>current widths</dt><dd>${text(p.currentWidths && p.currentWidths.join(' · '))}</dd>
    <dt>widths</dt><dd>${text(r.widths && r.widths.join(' · '))}</dd>
    <dt>MACs / params</dt><dd>${r.macs ? (r.macs / 1e6).toFixed(2) + ' M' : '–'} / ${r.params ? (r.params / 1e3).toFixed(1) + ' k' : '–'}</dd>
    <dt>test accuracy</dt><dd>${r.testAccuracy != null ? (100 * r.testAccuracy).toFixed(2) + ' %' : '–'}</dd>
    <dt>latency</dt><dd>predicted ${text(r.predictedLatencyMs && r.predictedLatencyMs.toFixed(3))} ms ·
      measured ${text(r.measuredLatencyMs && r.measuredLatencyMs.toFixed(3))} ms</dd>
    <dt>failure</dt><dd>${job.failure ? job.failure.type + ': ' + job.failure.message : '–'}</dd>
    <dt>artifacts</dt><dd>${(r.artifacts || []).map((a) => `<a href="#" data-artifact="${a}">${a}</a>`).join(' · ') || '–'}</dd>
  </dl>${cancellable ? '<p><button class="danger" id="cancel">Cancel job</button></p>' : ''}`;
  $('events').innerHTML = events.events.map((e) =>
    `<li>${new Date(e.createdAt).toLocaleTimeString()} ${e.type} → ${e.status}</li>`).join('');
  if (cancellable) $('cancel').onclick = async () => { await api(`/jobs/${id}/cancel`, { method: 'POST' }); refresh(); };
  document.querySelectorAll('[data-artifact]').forEach((a) => a.onclick = async (ev) => {
    ev.preventDefault();
    const response = await fetch(`/api/v1/jobs/${id}/artifacts/${a.dataset.artifact}`,
      { headers: { 'Authorization': 'Bearer ' + state.key } });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = a.dataset.artifact;
    link.click();
  });
}

async function loadSpaces() {
  state.spaces = await api('/search-spaces');
  $('space-select').innerHTML = state.spaces.map((s) => `<option>${s.name}</option>`).join('');
  showRange();
}
function showRange() {
  const s = state.spaces.find((x) => x.name === $('space-select').value);
  if (s) $('space-range').textContent = `${s.description} · MACs ${(s.minMacs / 1e6).toFixed(2)}–${(s.maxMacs / 1e6).toFixed(2)} M · params ${(s.minParams / 1e3).toFixed(1)}–${(s.maxParams / 1e3).toFixed(1)} k`;
}

async function submitJob(event) {
  event.preventDefault();
  const f = new FormData(event.target);
  const kind = f.get('budgetKind');
  const value = Number(f.get('budgetValue'));
  const budgetBody = { [kind]: kind === 'latencyMs' ? value : Math.round(value) };
  if (kind === 'latencyMs') budgetBody.deviceId = f.get('deviceId');
  const training = { epochs: Number(f.get('epochs')) };
  if (f.get('trainImages')) training.trainImages = Number(f.get('trainImages'));
  try {
    const job = await api('/jobs', { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ method: f.get('method'), searchSpace: f.get('searchSpace'), dataset: f.get('dataset'),
        budget: budgetBody, training }) });
    state.selected = job.id;
    event.target.hidden = true;
    refresh();
  } catch (e) {
    alert(e.message);
  }
}

function refresh() { loadJobs(); loadDetail().catch(() => {}); }

$('key-form').onsubmit = (e) => {
  e.preventDefault();
  state.key = $('api-key').value.trim();
  localStorage.setItem('slimfit.key', state.key);
  loadSpaces().catch(() => {});
  refresh();
};
$('status-filter').onchange = loadJobs;
$('new-job-toggle').onclick = () => { $('new-job').hidden = !$('new-job').hidden; };
$('space-select').onchange = showRange;
$('new-job').onsubmit = submitJob;
$('jobs').tBodies[0].onclick = (e) => {
  const row = e.target.closest('tr');
  if (row) { state.selected = row.dataset.id; loadDetail(); }
};
if (state.key) { $('api-key').value = state.key; loadSpaces().catch(() => {}); }
refresh();
setInterval(refresh, 3000);
