// Charts through Apache ECharts (org.webjars.npm:echarts, served from /webjars/), canvas renderer.
const echarts = window.echarts;
const charts = new Map();
const palette = ['#2f6fed', '#e8833a', '#1f9d55', '#8e44ad', '#d64545', '#16a2b8', '#6b7385'];

export const available = () => Boolean(echarts);

function chart(el) {
  let c = charts.get(el);
  if (!c || c.isDisposed()) {
    c = echarts.init(el, null, { renderer: 'canvas' });
    charts.set(el, c);
  }
  return c;
}

/** Frees a chart whose element leaves the page. */
export function dispose(el) {
  const c = charts.get(el);
  if (c) { c.dispose(); charts.delete(el); }
}

export function resizeAll() { charts.forEach((c) => c.isDisposed() || c.resize()); }
window.addEventListener('resize', resizeAll);

// Tooltips render as canvas rich text, never as HTML, so no name a worker or agent sent can become markup.
const base = {
  color: palette,
  animation: false,
  textStyle: { fontFamily: 'system-ui, sans-serif' },
  grid: { left: 56, right: 56, top: 36, bottom: 42, containLabel: false },
  tooltip: { renderMode: 'richText', trigger: 'axis', confine: true },
  legend: { top: 4, type: 'scroll' },
};

/** Loss curves (left axis) and accuracies (right axis, 0..1) over job steps. */
export function lossCurves(el, series) {
  const losses = series.filter((s) => !s.accuracy);
  const accuracies = series.filter((s) => s.accuracy);
  chart(el).setOption({
    ...base,
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 26, min: 'dataMin', max: 'dataMax' },
    yAxis: [
      { type: 'value', name: 'loss', scale: true },
      { type: 'value', name: 'accuracy', min: 0, max: 1, show: accuracies.length > 0, splitLine: { show: false } },
    ],
    dataZoom: [{ type: 'inside' }],
    series: [...losses.map((s) => ({ name: s.name, type: 'line', showSymbol: false, data: s.points })),
      ...accuracies.map((s) => ({ name: s.name, type: 'line', showSymbol: false, yAxisIndex: 1, data: s.points,
        lineStyle: { type: 'dashed' } }))],
  }, true);
}

/** Widths per layer: one bar series per configuration ({name, widths}). */
export function widthBars(el, layers, configurations) {
  chart(el).setOption({
    ...base,
    tooltip: { renderMode: 'richText', trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'category', data: layers, name: 'layer', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: 'channels' },
    series: configurations.map((c) => ({ name: c.name, type: 'bar', data: c.widths, barMaxWidth: 22 })),
  }, true);
}

/** The Pareto front: score against cost, the job's chosen point marked. */
export function paretoFront(el, unit, points, chosen) {
  const data = points.map((p) => [p.cost, p.score, p.budget]);
  const series = [{ name: 'front (decodes over a sweep of budgets)', type: 'line', step: false, symbolSize: 6,
    data, z: 2 }];
  if (chosen) {
    series.push({ name: 'chosen (this job)', type: 'scatter', symbol: 'diamond', symbolSize: 16, z: 3,
      itemStyle: { color: '#d64545' }, data: [[chosen.cost, chosen.score]],
      label: { show: true, position: 'top', formatter: 'chosen' } });
  }
  chart(el).setOption({
    ...base,
    tooltip: { renderMode: 'richText', trigger: 'item', confine: true,
      formatter: (p) => `${p.seriesName}\ncost ${Number(p.value[0]).toPrecision(4)} ${unit} · score ${Number(p.value[1]).toFixed(4)}` },
    xAxis: { type: 'value', name: 'cost (' + unit + ')', nameLocation: 'middle', nameGap: 26, scale: true },
    yAxis: { type: 'value', name: 'score', scale: true },
    series,
  }, true);
}

/** Predicted against measured latency of one network. */
export function latencyBars(el, predicted, measured) {
  chart(el).setOption({
    ...base,
    legend: { show: false },
    tooltip: { renderMode: 'richText', trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    grid: { left: 90, right: 40, top: 16, bottom: 36 },
    xAxis: { type: 'value', name: 'ms', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: ['measured', 'predicted'] },
    series: [{ type: 'bar', barMaxWidth: 24, data: [
      { value: measured, itemStyle: { color: '#1f9d55' } }, { value: predicted, itemStyle: { color: '#2f6fed' } }],
    label: { show: true, position: 'right', formatter: (p) => p.value == null ? 'not measured' : Number(p.value).toFixed(3) + ' ms' } }],
  }, true);
}

/** A heatmap of one layer's latency (ms) by input and output width. */
export function latencyHeatmap(el, inputs, outputs, cells) {
  const values = cells.map((c) => c[2]);
  chart(el).setOption({
    ...base,
    legend: { show: false },
    grid: { left: 64, right: 24, top: 34, bottom: 78 },
    tooltip: { renderMode: 'richText', trigger: 'item', confine: true,
      formatter: (p) => `in ${inputs[p.value[0]]} → out ${outputs[p.value[1]]}: ${Number(p.value[2]).toFixed(4)} ms` },
    xAxis: { type: 'category', data: inputs.map(String), name: 'input width', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: outputs.map(String), name: 'output width' },
    visualMap: { min: Math.min(...values), max: Math.max(...values), calculable: true, orient: 'horizontal',
      left: 'center', bottom: 0, itemHeight: 120, text: ['ms', ''], precision: 4,
      inRange: { color: ['#f0f4ff', '#7aa2f7', '#2f6fed', '#1d2330'] } },
    series: [{ type: 'heatmap', data: cells }],
  }, true);
}

/** Predicted against measured latency of validation networks, with the y = x line. */
export function predictedVsMeasured(el, points) {
  const all = points.flat();
  const lo = Math.min(...all), hi = Math.max(...all);
  chart(el).setOption({
    ...base,
    legend: { top: 4 },
    tooltip: { renderMode: 'richText', trigger: 'item', confine: true,
      formatter: (p) => `measured ${Number(p.value[0]).toFixed(3)} ms · predicted ${Number(p.value[1]).toFixed(3)} ms` },
    xAxis: { type: 'value', name: 'measured (ms)', nameLocation: 'middle', nameGap: 26, scale: true },
    yAxis: { type: 'value', name: 'predicted (ms)', scale: true },
    series: [
      { name: 'validation networks', type: 'scatter', symbolSize: 7, data: points },
      { name: 'predicted = measured', type: 'line', showSymbol: false, data: [[lo, lo], [hi, hi]],
        lineStyle: { type: 'dashed', color: '#6b7385' }, tooltip: { renderMode: 'richText', show: false } },
    ],
  }, true);
}

/**
 * DNAL's gates per layer: channels stacked by their final gate value (ten bins, grey for closed to blue for open),
 * the kept width marked on each bar.
 */
export function gateHistograms(el, layers) {
  const bins = Array.from({ length: 10 }, (_, k) => k);
  const shade = (k) => `rgba(47, 111, 237, ${(0.12 + 0.88 * k / 9).toFixed(2)})`;
  chart(el).setOption({
    ...base,
    tooltip: { renderMode: 'richText', trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: { show: false },
    xAxis: { type: 'category', data: layers.map((l) => 'L' + l.layer), name: 'layer', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: 'channels' },
    series: [...bins.map((k) => ({
      name: `gate ${(k / 10).toFixed(1)}–${((k + 1) / 10).toFixed(1)}`, type: 'bar', stack: 'gates', barMaxWidth: 28,
      itemStyle: { color: shade(k) }, data: layers.map((l) => l.histogram[k]),
    })), {
      name: 'kept width', type: 'scatter', symbol: 'rect', symbolSize: [30, 3], itemStyle: { color: '#d64545' },
      data: layers.map((l) => l.width), z: 3,
    }],
  }, true);
}

/**
 * ENAS4D's exits: the share of test and validation images leaving at each exit (bars) with its threshold and its
 * own accuracy (0..1, left axis); the MACs of leaving there on the right axis, with the measured average and the
 * budget as lines (the last exit's point is the worst case). A threshold above 1 is a closed exit.
 */
export function exitShares(el, report) {
  const exits = report.thresholds.map((t, k) => `exit ${k}` + (t > 1 ? ' (closed)' : ''));
  const percent = (v) => (v == null ? '–' : (100 * v).toFixed(1) + ' %');
  chart(el).setOption({
    ...base,
    grid: { ...base.grid, right: 72 },
    tooltip: { renderMode: 'richText', trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'category', data: exits, name: 'exit', nameLocation: 'middle', nameGap: 26 },
    yAxis: [
      { type: 'value', name: 'share · threshold', min: 0, max: 1 },
      { type: 'value', name: 'MACs', min: 0, splitLine: { show: false } },
    ],
    series: [
      { name: 'test share', type: 'bar', barMaxWidth: 28, data: report.testExitShares,
        tooltip: { valueFormatter: percent } },
      { name: 'validation share', type: 'bar', barMaxWidth: 28, data: report.validationExitShares,
        tooltip: { valueFormatter: percent } },
      { name: 'threshold', type: 'scatter', symbol: 'diamond', symbolSize: 12,
        data: report.thresholds.map((t) => (t > 1 ? null : t)) },
      { name: 'exit accuracy', type: 'line', data: report.exitAccuracies, tooltip: { valueFormatter: percent } },
      { name: 'MACs to leave here', type: 'line', yAxisIndex: 1, step: 'end', data: report.cumulativeMacs,
        markLine: { symbol: 'none', label: { formatter: '{b}' }, data: [
          { name: 'average (test)', yAxis: report.testAverageMacs, lineStyle: { type: 'dashed' } },
          { name: 'budget', yAxis: report.budgetAverageMacs, lineStyle: { type: 'dotted', color: '#d64545' } },
        ] } },
    ],
  }, true);
}
