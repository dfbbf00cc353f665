// ENAS4D's early-exit report in a job's detail: per exit, the share of test and validation images that left there,
// its confidence threshold and its own accuracy, against the MACs of leaving there; the caption sets the measured
// average against the worst case and the budget.
import { $, thousands } from './dashboard-dom.js';
import * as charts from './dashboard-charts.js';

/** Shows the exits of an ENAS4D result, or hides the block for any other job. */
export function renderExits(job) {
  const report = job.result && job.result.enas4d;
  const el = $('exits-chart');
  $('exits-block').hidden = !report;
  if (!report) { charts.dispose(el); return; }
  const stages = report.stages.map((s) => `${s.depth}×k${s.kernel} w${s.width}`).join(' · ');
  $('exits-caption').textContent = `average ${thousands(report.testAverageMacs)} MACs on the test split`
    + ` (budget ${thousands(report.budgetAverageMacs)}) · worst case ${thousands(report.worstCaseMacs)}`
    + ` · ${(100 * report.testAccuracy).toFixed(1)} % with early exits · ${report.calibration} thresholds`
    + ` · ${stages} at ${report.resolution} px`;
  charts.exitShares(el, report);
}
