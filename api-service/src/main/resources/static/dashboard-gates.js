// DNAL's gate report in a job's detail: per layer, how its channels' gates ended (ten bins from closed to open)
// and the width it kept; the caption says how the widths were reached and how much of the budget they spend.
import { $ } from './dashboard-dom.js';
import * as charts from './dashboard-charts.js';

/** Shows the gates of a DNAL result, or hides the block for any other job. */
export function renderGates(job) {
  const report = job.result && job.result.dnal;
  const el = $('gates-chart');
  $('gates-block').hidden = !report;
  if (!report) { charts.dispose(el); return; }
  const landing = report.landing === 'thresholded'
    ? 'open gates rounded onto the widths' : 'widths decoded from the gates under the budget';
  $('gates-caption').textContent = `${landing} · ${(100 * report.budgetUsed).toFixed(1)} % of the budget`
    + ` · lambda ${report.lambda.toPrecision(3)} · beta ${report.beta.toPrecision(3)}`;
  charts.gateHistograms(el, report.layers);
}
