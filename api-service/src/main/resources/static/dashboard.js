// Slimfit dashboard: a thin client of the public API (/api/v1). Data is only ever rendered as text.
import { api, allEvents, session, whenUnauthorized } from './dashboard-api.js';
import { $, h, fill, facts, bar, dash, fixed, millions, thousands, duration, when, ago, budgetText } from './dashboard-dom.js';
import * as charts from './dashboard-charts.js';
import { renderGates } from './dashboard-gates.js';
import { renderExits } from './dashboard-exits.js';

const ACTIVE = ['RUNNING', 'CANCELLING'];
const FINISHED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const KIND_FIELD = { LATENCY: 'latencyMs', MACS: 'macs', PARAMS: 'params', AVERAGE_MACS: 'averageMacs' };
const FIELD_LABEL = { latencyMs: 'latency (ms)', macs: 'MACs', params: 'parameters', averageMacs: 'average MACs' };

const state = {
  view: 'jobs', status: '', page: 0, size: 15, jobs: [], cursors: [null], hasMore: false,
  selected: null, detail: null, spaces: [], spaceDetails: new Map(), methods: [], devices: [],
  device: null, table: null, timer: null, ticking: false,
};

// ---------- sign-in ----------

function showBanner(message) {
  $('banner').textContent = message;
  $('banner').hidden = !message;
}

function signedIn(yes) {
  $('sign-in').hidden = yes;
  $('signed-in').hidden = !yes;
  $('signed-out').hidden = yes;
  $('jobs-view').hidden = !yes || state.view !== 'jobs';
  $('devices-view').hidden = !yes || state.view !== 'devices';
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.dataset.view === state.view));
}

whenUnauthorized(() => {
  session.signOut();
  clearTimeout(state.timer);
  signedIn(false);
  showBanner('The API refused this key (401). Sign in again with a valid team API key.');
});

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  $('api-key').value = ''; // never left in the page
  if (!key) { showBanner('Paste your team API key (sf_...) to sign in.'); return; }
  try {
    await api('/jobs?size=1', { key });
  } catch (e) {
    showBanner(e.status === 401 ? 'That key was not accepted: check it and try again.'
      : e.status === 403 ? 'That is not a team API key: the dashboard needs a team key (sf_...).' : e.text);
    return;
  }
  session.signIn(key);
  showBanner('');
  start();
});

$('sign-out').addEventListener('click', () => {
  session.signOut();
  clearTimeout(state.timer);
  state.selected = null;
  state.detail = null;
  signedIn(false);
});

document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => {
  state.view = tab.dataset.view;
  signedIn(true);
  charts.resizeAll();
  tick();
}));

async function start() {
  signedIn(true);
  await Promise.all([loadCatalogue(), loadDevices()]).catch((e) => showBanner(e.text || e.message));
  await chooseDefaultJob();
  tick();
}

// ---------- polling ----------

function somethingRuns() {
  return state.jobs.some((j) => ACTIVE.includes(j.status))
    || (state.detail && state.detail.job && ACTIVE.includes(state.detail.job.status));
}

async function tick() {
  clearTimeout(state.timer);
  if (!session.key()) return;
  if (!state.ticking) {
    state.ticking = true;
    try {
      if (state.view === 'jobs') {
        await loadJobs();
        if (state.selected) await refreshDetail();
      } else {
        await loadDevices();
        if (state.device) await loadDeviceTables();
      }
    } finally {
      state.ticking = false;
    }
  }
  if (session.key()) state.timer = setTimeout(tick, somethingRuns() ? 2000 : 10000);
}

// ---------- catalogue: spaces, methods, devices ----------

async function loadCatalogue() {
  const [spaces, methods] = await Promise.all([api('/search-spaces'), api('/methods')]);
  state.spaces = spaces;
  state.methods = methods;
  fill($('job-space'), spaces.map((s) => h('option', { value: s.name }, s.name)));
  const preferred = spaces.find((s) => s.name === 'fmnist-small');
  if (preferred) $('job-space').value = preferred.name;
  await spaceChanged();
}

async function spaceDetail(name) {
  if (!state.spaceDetails.has(name)) {
    state.spaceDetails.set(name, await api('/search-spaces/' + encodeURIComponent(name)));
  }
  return state.spaceDetails.get(name);
}

function currentSpace() { return state.spaces.find((s) => s.name === $('job-space').value); }
function currentMethod() { return state.methods.find((m) => m.method === $('job-method').value); }

async function spaceChanged() {
  const space = currentSpace();
  if (!space) return;
  // Methods: every one listed, only implemented ones for this kind of space selectable.
  const previous = $('job-method').value;
  fill($('job-method'), state.methods.map((m) => {
    const fits = m.spaceKinds.includes(space.kind);
    const why = !m.implemented ? ' (not implemented yet)' : !fits ? ' (not for ' + space.kind.toLowerCase().replace('_', '-') + ' spaces)' : '';
    return h('option', { value: m.method, disabled: !m.implemented || !fits, title: m.description }, m.method + why);
  }));
  const usable = state.methods.filter((m) => m.implemented && m.spaceKinds.includes(space.kind));
  $('job-method').value = usable.some((m) => m.method === previous) ? previous : (usable[0] ? usable[0].method : '');
  // Dataset: what fits the space (Fashion-MNIST is 28x28x1 with 10 classes).
  const detail = space.kind === 'CHAIN' ? await spaceDetail(space.name) : null;
  const fashion = detail && detail.inputChannels === 1 && detail.inputResolution === 28 && detail.classCount === 10;
  $('job-dataset').value = fashion ? 'fashion-mnist' : '';
  $('job-dataset').placeholder = fashion ? 'fashion-mnist' : `folder:/absolute/path (${detail ? detail.inputResolution + 'x' + detail.inputResolution + 'x' + detail.inputChannels + ', ' + detail.classCount + ' classes' : 'image folders'})`;
  methodChanged();
}

function methodChanged() {
  const method = currentMethod();
  const previous = $('job-budget-kind').value;
  const kinds = method ? method.budgetKinds.map((k) => KIND_FIELD[k]) : [];
  fill($('job-budget-kind'), kinds.map((f) => h('option', { value: f }, FIELD_LABEL[f])));
  if (kinds.includes(previous)) $('job-budget-kind').value = previous;
  budgetKindChanged();
}

function fillDeviceSelect(select) {
  const previous = select.value;
  if (!state.devices.length) {
    fill(select, h('option', { value: '' }, 'no devices: start a profiler agent'));
    return;
  }
  fill(select, state.devices.map((d) => h('option', { value: d.id }, `${d.name} (${d.status.toLowerCase()})`)));
  if (state.devices.some((d) => d.id === previous)) select.value = previous;
}

/** The newest READY table of a device for a space, or null. */
async function readyTable(deviceId, space) {
  if (!deviceId) return null;
  const tables = await api(`/devices/${encodeURIComponent(deviceId)}/latency-tables`);
  return tables.find((t) => t.status === 'READY' && t.searchSpace === space) || null;
}

async function budgetKindChanged() {
  const space = currentSpace();
  const kind = $('job-budget-kind').value;
  const latency = kind === 'latencyMs';
  $('job-device-label').hidden = !latency;
  if (!space) return;
  const parts = [space.description, `MACs ${millions(space.minMacs)} – ${millions(space.maxMacs)}`,
    `params ${thousands(space.minParams)} – ${thousands(space.maxParams)}`];
  const value = $('job-budget-value');
  value.step = latency ? 'any' : '1';
  if (kind === 'macs' || kind === 'averageMacs') { value.min = space.minMacs; value.max = space.maxMacs; value.placeholder = `${space.minMacs} – ${space.maxMacs}`; }
  if (kind === 'params') { value.min = space.minParams; value.max = space.maxParams; value.placeholder = `${space.minParams} – ${space.maxParams}`; }
  if (latency) {
    fillDeviceSelect($('job-device'));
    value.removeAttribute('max');
    value.min = 0;
    value.placeholder = 'ms';
    const device = state.devices.find((d) => d.id === $('job-device').value);
    if (!device) {
      parts.push('a latency budget needs a device: start a profiler agent on it (see README, "Devices and latency tables")');
    } else {
      try {
        const table = await readyTable(device.id, space.name);
        if (table) {
          parts.push(`${device.name}: latency ${fixed(table.minLatencyMs, 3)} – ${fixed(table.maxLatencyMs, 3)} ms (table v${table.version})`);
          value.min = table.minLatencyMs;
          value.max = table.maxLatencyMs;
          value.placeholder = `${fixed(table.minLatencyMs, 3)} – ${fixed(table.maxLatencyMs, 3)}`;
        } else {
          parts.push(`${device.name} has no READY latency table for ${space.name}: the job will wait in WAITING_FOR_LATENCY until one is fitted (POST /api/v1/latency-tables)`);
        }
      } catch (e) { parts.push(e.text); }
    }
  }
  $('job-limits').textContent = parts.join(' · ');
}

$('job-space').addEventListener('change', () => spaceChanged().catch((e) => showFormError(e)));
$('job-method').addEventListener('change', methodChanged);
$('job-budget-kind').addEventListener('change', budgetKindChanged);
$('job-device').addEventListener('change', budgetKindChanged);
$('new-job-toggle').addEventListener('click', () => {
  $('new-job').hidden = !$('new-job').hidden;
  if (!$('new-job').hidden) budgetKindChanged();
});

function showFormError(e) {
  $('job-form-error').textContent = e ? (e.text || e.message) : '';
  $('job-form-error').hidden = !e;
}

$('new-job').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = new FormData(event.target);
  const kind = f.get('budgetKind');
  const raw = f.get('budgetValue');
  if (!raw) { showFormError({ text: 'budget: enter a value (the space\'s limits are shown below)' }); return; }
  const value = Number(raw);
  const budget = { [kind]: kind === 'latencyMs' ? value : Math.round(value) };
  if (kind === 'latencyMs') budget.deviceId = f.get('deviceId') || null;
  const training = { epochs: Number(f.get('epochs')), finalEpochs: Number(f.get('finalEpochs')) };
  if (f.get('trainImages')) training.trainImages = Number(f.get('trainImages'));
  try {
    const job = await api('/jobs', { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: { method: f.get('method'), searchSpace: f.get('searchSpace'), dataset: f.get('dataset'), budget, training } });
    showFormError(null);
    event.target.hidden = true;
    select(job.id);
  } catch (e) {
    showFormError(e);
  }
});

// ---------- job list ----------

function progressCell(job) {
  const p = job.progress;
  if (job.status === 'SUCCEEDED') return h('div', {}, bar(1, 'done'), h('small', {}, 'done'));
  if (!p || !p.totalSteps) {
    return h('small', { className: 'muted' }, job.status === 'WAITING_FOR_LATENCY' ? 'waiting for a latency table'
      : job.status === 'QUEUED' ? 'waiting for a worker' : '');
  }
  const fraction = p.step / p.totalSteps;
  const phase = p.phase ? `${p.phase} ${p.phaseStep}/${p.phaseSteps}` : `step ${p.step}/${p.totalSteps}`;
  const eta = ACTIVE.includes(job.status) && p.etaSeconds >= 0 ? ' · ETA ' + duration(p.etaSeconds) : '';
  return h('div', {}, bar(fraction, (100 * fraction).toFixed(0) + '%'), h('small', {}, phase + eta));
}

async function loadJobs() {
  try {
    // Keyset paging: cursors[i] is the cursor that opens page i (null for the newest), kept for "newer".
    const cursor = state.cursors[state.page];
    const q = `/jobs?size=${state.size}` + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')
      + (state.status ? '&status=' + state.status : '');
    const page = await api(q);
    if (!page.items.length && state.page > 0) { state.page -= 1; return loadJobs(); }
    state.jobs = page.items;
    state.hasMore = page.hasMore;
    state.cursors.length = state.page + 1;
    if (page.hasMore) state.cursors.push(page.nextCursor);
    $('jobs-error').hidden = true;
    fill($('jobs').tBodies[0], page.items.map((j) => h('tr', {
      dataset: { id: j.id }, className: j.id === state.selected ? 'selected' : '', tabIndex: 0,
    }, h('td', {}, when(j.createdAt)), h('td', {}, j.method), h('td', {}, j.searchSpace), h('td', {}, budgetText(j.budget)),
    h('td', { className: 'status ' + j.status }, j.status), h('td', {}, progressCell(j)))));
    $('jobs').hidden = page.items.length === 0;
    $('jobs-empty').hidden = page.items.length > 0;
    if (!page.items.length) {
      fill($('jobs-empty'), state.status
        ? h('p', {}, `No ${state.status} jobs. Pick "all statuses" to see the others.`)
        : [h('p', {}, 'No jobs yet.'),
          h('p', {}, 'Press ', h('b', {}, 'New job'), ' to submit a first search (e.g. AOWS on fmnist-small with a MACs budget), or run ',
            h('code', {}, './slimfit demo --quick'), ' for a whole node with a worker, an agent and two finished jobs.')]);
    }
    $('page-info').textContent = `page ${state.page + 1}` + (page.hasMore ? ' · older jobs follow' : '');
    $('page-prev').disabled = state.page === 0;
    $('page-next').disabled = !state.hasMore;
  } catch (e) {
    $('jobs-error').textContent = e.text || e.message;
    $('jobs-error').hidden = false;
  }
}

$('status-filter').addEventListener('change', () => {
  state.status = $('status-filter').value; state.page = 0; state.cursors = [null]; tick();
});
$('page-prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); tick(); });
$('page-next').addEventListener('click', () => { if (state.hasMore) state.page += 1; tick(); });
$('jobs').tBodies[0].addEventListener('click', (e) => {
  const row = e.target.closest('tr');
  if (row) select(row.dataset.id);
});
$('jobs').tBodies[0].addEventListener('keydown', (e) => {
  const row = e.target.closest('tr');
  if (row && e.key === 'Enter') select(row.dataset.id);
});

/** The running job if there is one, else the newest. */
async function chooseDefaultJob() {
  if (state.selected) return;
  try {
    const running = await api('/jobs?status=RUNNING&size=1');
    const newest = running.items.length ? running : await api('/jobs?size=1');
    if (newest.items.length) state.selected = newest.items[0].id;
  } catch (e) { /* the list shows the error */ }
}

function select(id) {
  state.selected = id;
  state.detail = null;
  document.querySelectorAll('#jobs tbody tr').forEach((r) => r.classList.toggle('selected', r.dataset.id === id));
  tick();
}

// ---------- job detail ----------

async function refreshDetail() {
  const id = state.selected;
  try {
    const job = await api('/jobs/' + encodeURIComponent(id));
    if (state.selected !== id) return;
    let d = state.detail;
    if (!d || d.id !== id) {
      d = state.detail = { id, job, events: [], nextAfter: 0, baseline: undefined, decoded: null, artifacts: null };
      resetDetail(job);
    }
    const page = await allEvents(id, d.nextAfter);
    d.events.push(...page.events);
    d.nextAfter = page.nextAfter;
    const finishedNow = FINISHED.includes(job.status) && !FINISHED.includes(d.job.status);
    d.job = job;
    if (finishedNow) { d.baseline = undefined; d.artifacts = null; }
    await renderDetail(d);
    $('detail-error').hidden = true;
  } catch (e) {
    $('detail-error').textContent = e.text || e.message;
    $('detail-error').hidden = false;
  }
}

function resetDetail(job) {
  $('detail-empty').hidden = true;
  $('detail-body').hidden = false;
  fill($('decode-result'));
  $('decode-error').hidden = true;
  $('decode-value').value = '';
  fill($('events'));
  const own = job.budget || {};
  const kind = own.latencyMs != null ? 'latencyMs' : own.params != null ? 'params' : 'macs';
  $('decode-kind').value = kind;
  fillDeviceSelect($('decode-device'));
  if (own.deviceId) $('decode-device').value = own.deviceId;
  decodeKindChanged();
}

async function renderDetail(d) {
  const job = d.job;
  const r = job.result;
  const p = job.progress;
  $('detail-title').textContent = `${job.method} on ${job.searchSpace} · ${budgetText(job.budget)}`;
  $('cancel-job').hidden = FINISHED.includes(job.status) || job.status === 'CANCELLING';

  // Live progress only while the job is not finished: afterwards the final figures speak.
  if (p && !FINISHED.includes(job.status)) {
    const phaseFraction = p.phaseSteps ? p.phaseStep / p.phaseSteps : 0;
    fill($('detail-progress'),
      h('div', { className: 'progress-line' }, h('b', {}, 'job'), bar(p.totalSteps ? p.step / p.totalSteps : 0),
        h('span', {}, `step ${p.step}/${p.totalSteps} · epoch ${p.epoch} · ETA ${duration(p.etaSeconds)}`)),
      p.phase ? h('div', { className: 'progress-line' }, h('b', {}, 'phase'), bar(phaseFraction),
        h('span', {}, `${p.phase} ${p.phaseStep}/${p.phaseSteps} · ETA ${duration(p.phaseEtaSeconds)} · ${p.imagesPerSecond ? p.imagesPerSecond.toFixed(0) + ' images/s' : '–'}`)) : null);
  } else {
    fill($('detail-progress'));
  }
  const dataset = h('span', { className: 'mono' }, job.dataset);
  fill($('detail-facts'), facts([
    ['status', h('span', { className: 'status ' + job.status }, job.status + (job.attempt > 1 ? ` (attempt ${job.attempt})` : ''))],
    ['job', h('span', { className: 'mono' }, job.id)],
    ['dataset', dataset],
    ['training', job.training ? `${job.training.epochs} epochs + ${job.training.finalEpochs} fine-tune · batch ${job.training.batchSize}` + (job.training.trainImages ? ` · ${job.training.trainImages} images` : '') : '–'],
    ['created', when(job.createdAt)],
    job.startedAt && ['started', when(job.startedAt)],
    job.finishedAt && ['finished', when(job.finishedAt)],
    job.failure && ['failure', h('span', { className: 'error' }, `${job.failure.type}: ${job.failure.message}`)],
    job.status === 'WAITING_FOR_LATENCY' && ['waiting', 'for a READY latency table of the budget\'s device; it starts on its own once one is fitted'],
    job.status === 'QUEUED' && ['waiting', 'for a search worker to claim it (start one: README, "Run it distributed", or ./slimfit up)'],
  ]));

  renderLosses(d);
  await renderWidths(d);
  renderPareto(job);
  renderGates(job);
  renderExits(job);
  renderLatency(job);
  renderMetrics(job);
  await renderArtifacts(d);
  const redecodable = (state.methods.find((m) => m.method === job.method) || {}).redecodable;
  $('decode-block').hidden = !(redecodable && job.status === 'SUCCEEDED' && r && r.unaries);
  renderEvents(d);
}

/** A PROGRESS event's snapshot: the payload is the worker's event, with the progress inside. */
function progressOf(e) {
  if (e.type !== 'PROGRESS' || !e.payload) return null;
  return e.payload.progress || (e.payload.losses ? e.payload : null);
}

function renderLosses(d) {
  const series = new Map();
  let count = 0;
  for (const e of d.events) {
    const p = progressOf(e);
    if (!p || !p.losses) continue;
    count++;
    for (const [name, value] of Object.entries(p.losses)) {
      if (value === null || !Number.isFinite(value)) continue;
      if (!series.has(name)) series.set(name, { name, accuracy: /acc/i.test(name), points: [] });
      series.get(name).points.push([p.step, value]);
    }
  }
  const r = d.job.result;
  $('loss-caption').textContent = count ? `${count} progress reports` + (r && r.testAccuracy != null ? ` · test accuracy ${(100 * r.testAccuracy).toFixed(2)} %` : '') : '';
  const el = $('loss-chart');
  if (!series.size) {
    el.hidden = true;
    charts.dispose(el);
    $('loss-empty').hidden = false;
    $('loss-empty').textContent = FINISHED.includes(d.job.status) ? 'This job reported no losses.'
      : 'Curves appear here once a worker reports progress.';
    return;
  }
  $('loss-empty').hidden = true;
  el.hidden = false;
  charts.lossCurves(el, [...series.values()]);
}

async function uniformBaseline(job) {
  const same = (a, b) => a && b && a.macs === b.macs && a.params === b.params && a.latencyMs === b.latencyMs
    && (a.deviceId || null) === (b.deviceId || null);
  let cursor = null;
  for (let page = 0; page < 5; page++) {
    const list = await api('/jobs?status=SUCCEEDED&size=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    const hit = list.items.find((j) => j.id !== job.id && j.method === 'UNIFORM' && j.searchSpace === job.searchSpace
      && same(j.budget, job.budget) && j.result && j.result.widths);
    if (hit) return hit;
    if (!list.hasMore) break;
    cursor = list.nextCursor;
  }
  return null;
}

/** The space's base widths times one multiplier, snapped down to each layer's choices: an estimate, not a trained job. */
function scaledBase(space, multiplier) {
  return space.layers.map((l) => {
    const target = l.baseWidth * multiplier;
    const fit = l.widthChoices.filter((w) => w <= target + 1e-9);
    return fit.length ? Math.max(...fit) : Math.min(...l.widthChoices);
  });
}

async function renderWidths(d) {
  const job = d.job;
  const el = $('widths-chart');
  const space = state.spaces.find((s) => s.name === job.searchSpace && s.kind === 'CHAIN')
    ? await spaceDetail(job.searchSpace) : null;
  const r = job.result;
  const own = r && r.widths ? r.widths : job.progress && job.progress.currentWidths;
  if (!space || !own) {
    el.hidden = true;
    charts.dispose(el);
    $('widths-empty').hidden = false;
    $('widths-empty').textContent = !space ? 'Widths are shown for chain search spaces.'
      : 'The decoded widths appear once the worker reports its first progress.';
    $('widths-caption').textContent = '';
    return;
  }
  const configs = [{ name: r && r.widths ? `${job.method} (final)` : `${job.method} (current decode)`, widths: own }];
  if (job.method !== 'UNIFORM') {
    if (d.baseline === undefined) d.baseline = await uniformBaseline(job).catch(() => null);
    if (d.baseline) {
      configs.push({ name: `UNIFORM job ${d.baseline.id.slice(0, 8)} (same budget)`, widths: d.baseline.result.widths });
    } else {
      // No trained baseline: scale the base widths by the square root of the MAC (or parameter) ratio, since
      // both grow about quadratically with a width multiplier. Labelled as the estimate it is.
      const b = job.budget || {};
      const ratio = b.macs != null ? b.macs / space.maxMacs : b.params != null ? b.params / space.maxParams
        : r && r.macs ? r.macs / space.maxMacs : null;
      if (ratio) {
        const m = Math.min(1, Math.sqrt(ratio));
        configs.push({ name: `base widths × ${m.toFixed(2)} (estimate, no UNIFORM job at this budget)`, widths: scaledBase(space, m) });
      }
    }
  }
  if (d.decoded) configs.push({ name: `re-decoded at ${d.decoded.label}`, widths: d.decoded.widths });
  $('widths-caption').textContent = configs.length > 1 ? 'against ' + configs.slice(1).map((c) => c.name).join(', ') : '';
  $('widths-empty').hidden = true;
  el.hidden = false;
  charts.widthBars(el, space.layers.map((l) => 'L' + l.index), configs);
}

function costOf(job) {
  const b = job.budget || {};
  const r = job.result;
  if (b.latencyMs != null) return { unit: 'ms', cost: r.predictedLatencyMs };
  if (b.params != null) return { unit: 'params', cost: r.params };
  return { unit: 'MACs', cost: r.macs };
}

function renderPareto(job) {
  const r = job.result;
  const front = r && r.paretoFront ? r.paretoFront.filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.score)) : [];
  $('pareto-block').hidden = front.length === 0;
  const el = $('pareto-chart');
  if (!front.length) { charts.dispose(el); return; }
  const { unit, cost } = costOf(job);
  const same = front.find((p) => p.widths && r.widths && p.widths.join() === r.widths.join());
  const chosen = same ? { cost: same.cost, score: same.score } : null;
  $('pareto-caption').textContent = `${front.length} decodes · score = summed unaries (higher is better)`
    + (same ? '' : cost != null ? ' · the chosen network is not on the sweep' : '');
  charts.paretoFront(el, unit, [...front].sort((a, b) => a.cost - b.cost), chosen);
}

function renderLatency(job) {
  const r = job.result;
  const show = r && (r.predictedLatencyMs != null || r.measuredLatencyMs != null);
  $('latency-block').hidden = !show;
  if (show) charts.latencyBars($('latency-chart'), r.predictedLatencyMs, r.measuredLatencyMs);
  else charts.dispose($('latency-chart'));
}

/** The measured-budget loop in one line: outcome, each round's measurement, and why it ended. */
function correctionText(c) {
  const rounds = (c.rounds || []).map((x) => (x.measuredMs != null ? `${fixed(x.measuredMs, 3)} ms` : 'not measured'));
  return `${c.outcome}${c.metInRound ? ` in round ${c.metInRound} of ${c.maxRounds}` : ''} · ${rounds.join(' → ')}`
    + (c.note ? ` · ${c.note}` : '');
}

function renderMetrics(job) {
  const r = job.result;
  $('metrics-block').hidden = !r;
  if (!r) return;
  const metrics = Object.entries(r.metrics || {}).sort(([a], [b]) => a.localeCompare(b));
  fill($('metrics'), facts([
    ['widths', h('span', { className: 'mono' }, (r.widths || []).join(' · '))],
    ['MACs', millions(r.macs)],
    ['parameters', thousands(r.params)],
    ['test accuracy', r.testAccuracy != null ? (100 * r.testAccuracy).toFixed(2) + ' %' : '–'],
    ['latency', `predicted ${fixed(r.predictedLatencyMs, 3)} ms · measured ${fixed(r.measuredLatencyMs, 3)} ms`],
    ...(r.latencyCorrection ? [['on the device', correctionText(r.latencyCorrection)]] : []),
    ['backend', dash(r.backend)],
    ...metrics.map(([k, v]) => [k, Number.isInteger(v) ? String(v) : fixed(v, 4)]),
  ]));
}

async function renderArtifacts(d) {
  if (d.job.status !== 'SUCCEEDED') { $('artifacts-block').hidden = true; return; }
  if (!d.artifacts) d.artifacts = await api(`/jobs/${encodeURIComponent(d.id)}/artifacts`).catch(() => []);
  $('artifacts-block').hidden = d.artifacts.length === 0;
  fill($('artifacts'), d.artifacts.map((a) => h('li', {},
    h('a', { href: '#', dataset: { artifact: a.name }, onclick: (ev) => { ev.preventDefault(); download(d.id, a.name); } }, a.name),
    h('small', { className: 'muted' }, ` ${thousands(a.sizeBytes).replace(' k', ' kB')} · ${a.contentType}`))));
}

async function download(jobId, name) {
  try {
    const response = await api(`/jobs/${encodeURIComponent(jobId)}/artifacts/${encodeURIComponent(name)}`, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    $('detail-error').textContent = e.text || e.message;
    $('detail-error').hidden = false;
  }
}

function renderEvents(d) {
  const list = $('events');
  if (!d.rendered) {
    d.rendered = Math.max(0, d.events.length - 200);
    if (d.rendered) list.append(h('li', { className: 'muted' }, `… ${d.rendered} earlier events (in the curves above)`));
  }
  list.append(...d.events.slice(d.rendered).map((e) => h('li', {}, `${new Date(e.createdAt).toLocaleTimeString()} ${e.type} → ${e.status}`
    + (progressOf(e) ? ` · ${progressOf(e).phase || ''} step ${progressOf(e).step}` : ''))));
  d.rendered = d.events.length;
  $('events-caption').textContent = `${d.events.length} in all`;
}

$('cancel-job').addEventListener('click', async () => {
  try {
    await api(`/jobs/${encodeURIComponent(state.selected)}/cancel`, { method: 'POST' });
    tick();
  } catch (e) {
    $('detail-error').textContent = e.text || e.message;
    $('detail-error').hidden = false;
  }
});

// ---------- re-decode ----------

function decodeKindChanged() {
  const latency = $('decode-kind').value === 'latencyMs';
  $('decode-device-label').hidden = !latency;
  const space = state.detail && state.spaces.find((s) => s.name === state.detail.job.searchSpace);
  const kind = $('decode-kind').value;
  $('decode-hint').textContent = !space ? '' : kind === 'macs' ? `MACs ${space.minMacs} – ${space.maxMacs}`
    : kind === 'params' ? `parameters ${space.minParams} – ${space.maxParams}` : 'latency in ms on the chosen device (it needs a READY table for this space)';
  if (latency && space) {
    readyTable($('decode-device').value, space.name).then((t) => {
      if (t && $('decode-kind').value === 'latencyMs') $('decode-hint').textContent = `latency ${fixed(t.minLatencyMs, 3)} – ${fixed(t.maxLatencyMs, 3)} ms on this device`;
    }).catch(() => {});
  }
}
$('decode-kind').addEventListener('change', decodeKindChanged);
$('decode-device').addEventListener('change', decodeKindChanged);

$('decode-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const d = state.detail;
  if (!d) return;
  const kind = $('decode-kind').value;
  const raw = $('decode-value').value;
  const error = $('decode-error');
  if (!raw) { error.textContent = 'budget: enter a value'; error.hidden = false; return; }
  const value = Number(raw);
  const budget = { [kind]: kind === 'latencyMs' ? value : Math.round(value) };
  if (kind === 'latencyMs') budget.deviceId = $('decode-device').value || null;
  try {
    const out = await api(`/jobs/${encodeURIComponent(d.id)}/decode`, { method: 'POST', body: { budget } });
    error.hidden = true;
    const label = kind === 'latencyMs' ? `${value} ms` : kind === 'params' ? `${thousands(value)} params` : `${millions(value)} MACs`;
    d.decoded = { label, widths: out.widths };
    fill($('decode-result'), facts([
      ['widths', h('span', { className: 'mono', id: 'decoded-widths' }, out.widths.join(' · '))],
      ['MACs / params', `${millions(out.macs)} / ${thousands(out.params)}`],
      ['cost', `${fixed(out.cost, out.costUnit === 'ms' ? 3 : 0)} ${out.costUnit} of ${fixed(out.budget, out.costUnit === 'ms' ? 3 : 0)}`],
      out.predictedLatencyMs != null && ['predicted latency', fixed(out.predictedLatencyMs, 3) + ' ms'],
      ['unary score', fixed(out.unaryScore, 4)],
      ['decoded in', fixed(out.decodeMillis, 1) + ' ms'],
    ]));
    await renderWidths(d);
  } catch (e) {
    error.textContent = e.text || e.message;
    error.hidden = false;
    fill($('decode-result'));
    if (d.decoded) { d.decoded = null; await renderWidths(d); }
  }
});

// ---------- devices and latency tables ----------

function hardwareText(hw) {
  return Object.entries(hw || {}).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ') || '–';
}

async function loadDevices() {
  try {
    state.devices = await api('/devices');
    $('devices-error').hidden = true;
  } catch (e) {
    $('devices-error').textContent = e.text || e.message;
    $('devices-error').hidden = false;
    return;
  }
  fill($('devices').tBodies[0], state.devices.map((d) => h('tr', { dataset: { id: d.id }, className: state.device === d.id ? 'selected' : '' },
    h('td', {}, d.name), h('td', { className: 'status ' + d.status }, d.status), h('td', {}, d.runtime),
    h('td', { className: 'hardware' }, hardwareText(d.hardware)), h('td', { title: when(d.lastSeenAt) }, ago(d.lastSeenAt)))));
  $('devices').hidden = state.devices.length === 0;
  $('devices-empty').hidden = state.devices.length > 0;
  if (!state.devices.length) {
    fill($('devices-empty'), h('p', {}, 'No devices yet. Start a profiler agent on the machine to profile:'),
      h('pre', {}, 'SLIMFIT_API_URL=http://<this host>:8080 SLIMFIT_AGENT_ENROLLMENT_SECRET=<enrollment secret> \\\n  java -jar profiler-agent/target/profiler-agent-*-exec.jar'),
      h('p', {}, 'or run ', h('code', {}, './slimfit demo --quick'), ', which registers this machine\'s CPU.'));
  }
  if (state.device) {
    const d = state.devices.find((x) => x.id === state.device);
    if (d) renderDeviceFacts(d);
  }
}

$('devices').tBodies[0].addEventListener('click', (e) => {
  const row = e.target.closest('tr');
  if (!row) return;
  state.device = row.dataset.id;
  state.table = null;
  document.querySelectorAll('#devices tbody tr').forEach((r) => r.classList.toggle('selected', r.dataset.id === state.device));
  const d = state.devices.find((x) => x.id === state.device);
  renderDeviceFacts(d);
  $('table-detail').hidden = true;
  loadDeviceTables();
});

function renderDeviceFacts(d) {
  $('device-detail-empty').hidden = true;
  $('device-detail-body').hidden = false;
  $('device-title').textContent = d.name;
  fill($('device-facts'), facts([
    ['status', h('span', { className: 'status ' + d.status }, d.status)],
    ['id', h('span', { className: 'mono' }, d.id)],
    ['runtime', d.runtime],
    ['hardware', hardwareText(d.hardware)],
    ['registered', when(d.registeredAt)],
    ['last heartbeat', `${ago(d.lastSeenAt)} (${when(d.lastSeenAt)})`],
  ]));
}

async function loadDeviceTables() {
  const deviceId = state.device;
  let tables;
  try { tables = await api(`/devices/${encodeURIComponent(deviceId)}/latency-tables`); } catch (e) {
    $('devices-error').textContent = e.text || e.message;
    $('devices-error').hidden = false;
    return;
  }
  if (state.device !== deviceId) return;
  fill($('tables').tBodies[0], tables.map((t) => h('tr', { dataset: { id: t.id }, className: state.table && state.table.id === t.id ? 'selected' : '' },
    h('td', {}, t.searchSpace), h('td', {}, 'v' + t.version + ' · batch ' + t.batchSize),
    h('td', { className: 'status ' + t.status }, t.status),
    h('td', {}, bar(t.progress.measurementsExpected ? t.progress.measurements / t.progress.measurementsExpected : 0),
      h('small', {}, `${t.progress.measurements}/${t.progress.measurementsExpected} measured`)),
    h('td', {}, t.fit ? fixed(t.fit.validationNrmsePercent, 2) + ' %' : '–'),
    h('td', {}, t.minLatencyMs != null ? `${fixed(t.minLatencyMs, 3)} – ${fixed(t.maxLatencyMs, 3)} ms` : '–'))));
  $('tables').hidden = tables.length === 0;
  $('tables-empty').hidden = tables.length > 0;
  if (!tables.length) {
    fill($('tables-empty'), h('p', {}, 'No latency tables for this device yet. Request one; its agent times the networks and the API fits the table:'),
      h('pre', {}, `curl -X POST $URL/api/v1/latency-tables -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\\n  -d '{"deviceId":"${deviceId}","searchSpace":"fmnist-small","batchSize":1,"samples":400,"validationSamples":100}'`));
  }
  if (!state.table) {
    const ready = tables.find((t) => t.status === 'READY');
    if (ready) await showTable(ready.id);
  }
}

$('tables').tBodies[0].addEventListener('click', (e) => {
  const row = e.target.closest('tr');
  if (row) showTable(row.dataset.id);
});

async function showTable(id) {
  try {
    const t = await api('/latency-tables/' + encodeURIComponent(id));
    state.table = t;
    document.querySelectorAll('#tables tbody tr').forEach((r) => r.classList.toggle('selected', r.dataset.id === id));
    $('table-detail').hidden = false;
    $('table-title').textContent = `${t.searchSpace} v${t.version} · ${t.status}`;
    const f = t.fit;
    fill($('table-facts'), facts([
      ['runtime', t.runtime],
      ['created', when(t.createdAt)],
      ['ready', when(t.readyAt)],
      t.failureReason && ['failure', h('span', { className: 'error' }, t.failureReason)],
      f && ['fit', `${f.trainingSamples} training / ${f.validationSamples} validation samples · penalty k ${fixed(f.penaltyK, 4)}`],
      f && ['validation', `RMSE ${fixed(f.validationRmseMs, 4)} ms · NRMSE ${fixed(f.validationNrmsePercent, 2)} % · within 5 % ${fixed(100 * f.validationWithin5Percent, 1)} % · within 10 % ${fixed(100 * f.validationWithin10Percent, 1)} %`],
      f && ['training NRMSE', fixed(f.trainingNrmsePercent, 2) + ' %'],
      f && ['unknowns', `${f.unknowns} (${f.unobservedUnknowns} unobserved)`],
      t.minLatencyMs != null && ['latency range', `${fixed(t.minLatencyMs, 3)} ms (${(t.fastestWidths || []).join('·')}) – ${fixed(t.maxLatencyMs, 3)} ms (${(t.slowestWidths || []).join('·')})`],
      ['offset t0', fixed(t.offsetMs, 4) + ' ms'],
    ]));
    const keys = [...new Set(t.entries.map((e) => e.key))];
    const layerSelect = $('heatmap-layer');
    const previous = layerSelect.value;
    fill(layerSelect, keys.map((k) => h('option', { value: k }, k)));
    if (keys.includes(previous)) layerSelect.value = previous;
    else if (keys.length > 1) layerSelect.value = keys[1];
    renderHeatmap();
    await renderScatter(t);
  } catch (e) {
    $('devices-error').textContent = e.text || e.message;
    $('devices-error').hidden = false;
  }
}

function renderHeatmap() {
  const t = state.table;
  const el = $('heatmap-chart');
  const entries = t ? t.entries.filter((e) => e.key === $('heatmap-layer').value) : [];
  el.hidden = entries.length === 0;
  if (!entries.length) { charts.dispose(el); return; }
  const inputs = [...new Set(entries.map((e) => e.inputWidth))].sort((a, b) => a - b);
  const outputs = [...new Set(entries.map((e) => e.outputWidth))].sort((a, b) => a - b);
  charts.latencyHeatmap(el, inputs, outputs,
    entries.map((e) => [inputs.indexOf(e.inputWidth), outputs.indexOf(e.outputWidth), e.latencyMs]));
}
$('heatmap-layer').addEventListener('change', renderHeatmap);

/** t0 + the table's cells along the chain: the pairwise model the API fits, from its own entries. */
function predictor(t, space) {
  const cells = new Map(t.entries.map((e) => [`${e.key}|${e.inputWidth}|${e.outputWidth}`, e.latencyMs]));
  return (widths) => {
    if (widths.length !== space.layers.length) return null;
    let sum = t.offsetMs;
    let input = space.inputChannels;
    for (const [i, l] of space.layers.entries()) {
      const v = cells.get(`${l.kind}/k${l.kernel}/s${l.stride}/r${l.inputResolution}/${i === 0 ? 'FIRST' : 'INNER'}|${input}|${widths[i]}`);
      if (v === undefined) return null;
      sum += v;
      input = widths[i];
    }
    const head = cells.get(`LINEAR/k1/s1/r1/CLASSIFIER|${input}|${space.classCount}`);
    return head === undefined ? null : sum + head;
  };
}

async function renderScatter(t) {
  const el = $('scatter-chart');
  const validation = t.measurements.filter((m) => m.purpose === 'VALIDATION');
  let points = [];
  if (validation.length && t.entries.length) {
    const predict = predictor(t, await spaceDetail(t.searchSpace));
    points = validation.map((m) => [m.latencyMs, predict(m.widths)]).filter((p) => p[1] !== null);
  }
  $('scatter-caption').textContent = points.length ? `${points.length} held-out networks, predicted = t0 + Σ cells` : '';
  $('scatter-empty').hidden = points.length > 0;
  $('scatter-empty').textContent = t.status === 'READY' ? 'This table has no validation measurements.'
    : 'The scatter appears once the table is fitted (READY).';
  el.hidden = points.length === 0;
  if (points.length) charts.predictedVsMeasured(el, points); else charts.dispose(el);
}

// ---------- boot ----------

if (!charts.available()) showBanner('The chart library did not load (/webjars/echarts/...): charts are unavailable.');
if (session.key()) start(); else signedIn(false);
