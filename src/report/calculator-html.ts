/**
 * The bedside calculator page: one self-contained HTML file (no server, no network) where a
 * clinician enters a patient's predictors for a combined, logistic, Cox or clinical model and
 * reads the predicted probability (binary) or survival at each horizon, with the nomogram drawn and
 * the patient's points marked. Inputs outside the development range are flagged. The page scores
 * with the bundled radsig code that `radsig apply` runs, so both give the same number.
 */
import { escapeHtml as esc } from './plain-report.js';
import { jsonForScript, scriptText } from './report-html.js';
import type { NomogramLayout } from './charts/model-charts.js';
import type { Nomogram } from '../pipeline/results-schema/study-results-schema.js';

/** What the page needs besides the model. */
export interface CalculatorPageOptions {
  /** The frozen study (model.json). */
  model: unknown;
  title: string;
  /** The calculator runtime bundle (dist/report/calculator-runtime.bundle.cjs). */
  runtime: string;
  /** The Vega runtime (only needed when nomograms are given). */
  vegaRuntime?: string;
  /** Per model: its nomogram (Vega spec with a `patient` dataset), layout and axes. */
  nomograms?: Record<string, { vega: Record<string, unknown>; layout: NomogramLayout; nomogram: Nomogram }>;
  /** Per model: the development range of each model input (results.json `ranges`). */
  ranges?: Record<string, { feature: string; min: number; max: number }[]>;
}

/** The calculator page. */
export function calculatorHtml(options: CalculatorPageOptions): string {
  const data = { model: options.model, nomograms: options.nomograms ?? {}, ranges: options.ranges ?? {} };
  const hasNomogram = Object.keys(data.nomograms).length > 0 && options.vegaRuntime !== undefined;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'">
<title>${esc(options.title)}: calculator</title>
<style>${STYLE}</style>
</head><body>
<header><h1>${esc(options.title)}</h1><p class="meta">Bedside calculator of a radsig study model. Everything runs in this page: nothing is sent anywhere.</p></header>
<main>
<section class="panel" id="form-panel">
<label class="model-select">Model <select id="model"></select></label>
<form id="inputs" autocomplete="off" onsubmit="return false"></form>
<p class="small" id="note"></p>
</section>
<section class="panel" id="result-panel" aria-live="polite">
<h2>Prediction</h2>
<div id="result" data-state="empty"><p class="small">Enter every value to see the prediction.</p></div>
<div id="flags"></div>
<div id="model-inputs"></div>
</section>
${hasNomogram ? '<section class="panel wide" id="nomogram-panel"><h2>Nomogram</h2><div id="nomogram"></div><p class="small">Red marks: the patient\'s points on each axis, the total, and the prediction.</p></section>' : ''}
</main>
<footer><p class="small">For research use. The model is only as good as its validation (see the study report); check that the patient resembles the development patients (flags above).</p></footer>
<script type="application/json" id="calculator-data">${jsonForScript(data)}</script>
<script>${scriptText(options.runtime)}</script>
${hasNomogram ? `<script>${scriptText(options.vegaRuntime!)}</script>` : ''}
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

const STYLE = `
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#222;max-width:70rem;margin:0 auto;padding:1rem 1.5rem 3rem;font-size:15px;line-height:1.4}
h1{font-size:1.4rem;margin:.3rem 0}h2{font-size:1.1rem;margin:.2rem 0 .6rem}
.meta,.small{color:#666;font-size:.88rem}
main{display:grid;grid-template-columns:minmax(18rem,1fr) minmax(18rem,1fr);gap:1rem}
.panel{border:1px solid #ddd;border-radius:6px;padding:1rem;background:#fff}
.wide{grid-column:1/-1;overflow-x:auto}
.model-select{display:block;margin-bottom:.8rem;font-weight:bold}
select,input{font:inherit;padding:.25rem .4rem;border:1px solid #bbb;border-radius:4px}
.field{display:grid;grid-template-columns:1fr 9rem;gap:.5rem;align-items:center;margin:.35rem 0}
.field label{word-break:break-all;font-size:.9rem}
.field input.out{border-color:#d62728;background:#fff3f3}
#result .value{font-size:2rem;font-weight:bold;color:#2c5d8f}
#result div.interval{font-size:1rem;color:#2c5d8f}
#result table,#model-inputs table{border-collapse:collapse;margin:.4rem 0}
#result td,#result th,#model-inputs td,#model-inputs th{border-bottom:1px solid #eee;padding:.2rem .6rem;text-align:left;font-size:.9rem}
.flag{color:#a40000;background:#fff3f3;border-left:3px solid #d62728;padding:.3rem .6rem;margin:.3rem 0;font-size:.9rem}
.error{color:#a40000}
.section-label{font-weight:bold;margin-top:.8rem;font-size:.9rem;color:#555}
@media (max-width:48rem){main{grid-template-columns:1fr}}
@media print{.panel{break-inside:avoid}}
`;

const PAGE_SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('calculator-data').textContent);
  var calc = new RadsigCalculator.StudyCalculator(data.model);
  var family = calc.fitted.study.outcome.type;
  var INTERVAL_NOTE = family === 'binary'
    ? 'The 95% confidence interval is that of the model\\'s prediction given its inputs (the uncertainty of its coefficients, as R\\'s predict(glm, se.fit = TRUE) gives it on the log-odds scale); it ignores the uncertainty of the feature selection.'
    : 'The 95% confidence interval is that of the model\\'s prediction given its inputs (the uncertainty of its coefficients and baseline hazard, as R\\'s survfit(coxph, newdata) gives it); it ignores the uncertainty of the feature selection.';
  var NO_INTERVAL_NOTE = 'This model has no confidence interval here: the penalized Rad-score and the random survival forest have no covariance of their predictions (the logistic and Cox models do).';
  var modelSelect = document.getElementById('model');
  var form = document.getElementById('inputs');
  var values = Object.create(null); // keyed by input names, which may be __proto__ or constructor
  var view = null;
  var last = null;
  function el(tag, attrs, text){ var e = document.createElement(tag); if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }
  calc.models.forEach(function(m){ modelSelect.appendChild(el('option', { value: m }, m)); });
  if (calc.models.length === 0) { document.getElementById('note').textContent = 'This study has no combined, logistic, Cox or clinical model.'; return; }
  function range(model, name){ var r = data.ranges[model] || []; for (var i = 0; i < r.length; i++) if (r[i].feature === name) return r[i]; return null; }
  function buildForm(){
    var model = modelSelect.value;
    form.textContent = '';
    var groups = { batch: 'Centre / scanner (for harmonization)', feature: 'Radiomic features (raw values, as extracted)', covariate: 'Clinical predictors' };
    var shown = {};
    calc.inputs(model).forEach(function(input, k){
      if (!shown[input.role]) { form.appendChild(el('div', { 'class': 'section-label' }, groups[input.role])); shown[input.role] = true; }
      var row = el('div', { 'class': 'field' });
      var id = 'input-' + k;
      row.appendChild(el('label', { 'for': id }, input.name));
      var field;
      if (input.type === 'categorical') {
        field = el('select', { id: id });
        field.appendChild(el('option', { value: '' }, 'choose'));
        input.levels.forEach(function(l){ field.appendChild(el('option', { value: l }, l)); });
        if (input.unseen) {
          // a value that is no development centre's label
          var other = 'another centre'; while (input.levels.indexOf(other) >= 0) other += ' ';
          field.appendChild(el('option', { value: other, 'data-unseen': 'true' }, input.unseen.reference !== null ? 'another centre (assumed like ' + input.unseen.reference + ')' : 'another centre (assumed no batch effect)'));
        }
      } else {
        field = el('input', { id: id, type: 'text', inputmode: 'decimal' });
        if (input.fill) field.setAttribute('placeholder', 'empty: ' + input.fill.statistic + ' ' + fmt(input.fill.value, 4));
      }
      field.setAttribute('data-name', input.name);
      var v = values[input.name];
      if (v !== undefined) field.value = String(v);
      field.addEventListener('input', function(){ read(field, input); update(); });
      field.addEventListener('change', function(){ read(field, input); update(); });
      row.appendChild(field);
      form.appendChild(row);
    });
    document.getElementById('note').textContent = Object.keys(data.ranges).length === 0 ? 'No results.json was given: inputs cannot be checked against the development range.' : '';
  }
  function read(field, input){
    var t = field.value.trim();
    if (t === '') { delete values[input.name]; return; }
    values[input.name] = input.type === 'numeric' ? Number(t.replace(',', '.')) : t;
  }
  function fmt(x, d){ return (Math.round(x * Math.pow(10, d)) / Math.pow(10, d)).toFixed(d); }
  function update(){
    var model = modelSelect.value;
    var result = document.getElementById('result');
    var flags = document.getElementById('flags');
    var inputsDiv = document.getElementById('model-inputs');
    flags.textContent = ''; inputsDiv.textContent = '';
    var missing = calc.inputs(model).filter(function(i){ return values[i.name] === undefined; });
    if (missing.length > 0) {
      last = null;
      result.setAttribute('data-state', 'empty'); result.removeAttribute('data-value');
      result.textContent = '';
      result.appendChild(el('p', { 'class': 'small' }, 'Enter every value to see the prediction (' + missing.length + ' missing).'));
      mark(null);
      return;
    }
    var p;
    try { p = calc.predict(model, values); } catch (e) {
      last = null;
      result.setAttribute('data-state', 'error'); result.removeAttribute('data-value');
      result.textContent = ''; result.appendChild(el('p', { 'class': 'error' }, String(e && e.message || e)));
      mark(null);
      return;
    }
    last = p;
    result.textContent = '';
    result.setAttribute('data-state', 'ok');
    if (p.family === 'binary') {
      result.setAttribute('data-value', String(p.probability));
      result.appendChild(el('div', { 'class': 'value' }, fmt(100 * p.probability, 1) + '%'));
      if (p.interval) result.appendChild(el('div', { 'class': 'interval', 'data-interval': JSON.stringify([p.interval.lower, p.interval.upper]) }, '95% CI ' + fmt(100 * p.interval.lower, 1) + '% to ' + fmt(100 * p.interval.upper, 1) + '%'));
      result.appendChild(el('p', { 'class': 'small' }, 'predicted probability of ' + String(calc.fitted.study.outcome.column) + ' = ' + String(calc.fitted.study.outcome.positive ?? 1)));
      result.appendChild(el('p', { 'class': 'small' }, p.interval ? INTERVAL_NOTE : NO_INTERVAL_NOTE));
    } else {
      result.setAttribute('data-value', JSON.stringify(p.survival.map(function(s){ return s.survival; })));
      var banded = p.survival.some(function(s){ return s.lower !== null; });
      var t = el('table'); var h = el('tr'); h.appendChild(el('th', null, 'horizon')); h.appendChild(el('th', null, 'survival')); if (banded) h.appendChild(el('th', null, '95% CI')); h.appendChild(el('th', null, 'risk of an event')); t.appendChild(h);
      p.survival.forEach(function(s){ var r = el('tr'); r.appendChild(el('td', null, String(s.horizon) + (calc.fitted.study.outcome.timeUnit ? ' ' + calc.fitted.study.outcome.timeUnit : ''))); r.appendChild(el('td', { 'class': 'value-cell' }, fmt(100 * s.survival, 1) + '%')); if (banded) r.appendChild(el('td', { 'class': 'interval', 'data-interval': JSON.stringify([s.lower, s.upper]) }, fmt(100 * s.lower, 1) + '% to ' + fmt(100 * s.upper, 1) + '%')); r.appendChild(el('td', null, fmt(100 * (1 - s.survival), 1) + '%')); t.appendChild(r); });
      result.appendChild(t);
      result.appendChild(el('p', { 'class': 'small' }, 'risk score (linear predictor) ' + fmt(p.risk, 4)));
      result.appendChild(el('p', { 'class': 'small' }, banded ? INTERVAL_NOTE : NO_INTERVAL_NOTE));
    }
    // what the study assumed or filled in for this patient
    if (p.assumption) flags.appendChild(el('div', { 'class': 'flag', 'data-flag': 'new-centre' }, p.assumption + '.'));
    p.imputed.forEach(function(m){ flags.appendChild(el('div', { 'class': 'flag', 'data-flag': 'imputed:' + m.name }, m.name + ' was left empty: filled with the development ' + m.statistic + ' (' + fmt(m.value, 4) + '), as the study imputes it.')); });
    // the model's own inputs against the development range
    var mt = el('table'); var hr = el('tr'); ['model input', 'value', 'development range'].forEach(function(x){ hr.appendChild(el('th', null, x)); }); mt.appendChild(hr);
    var outside = 0;
    Object.keys(p.modelInputs).forEach(function(name){
      var v = p.modelInputs[name]; var r = range(model, name);
      var tr = el('tr'); tr.appendChild(el('td', null, name)); tr.appendChild(el('td', null, fmt(v, 4)));
      tr.appendChild(el('td', null, r ? fmt(r.min, 4) + ' to ' + fmt(r.max, 4) : 'unknown'));
      if (r && (v < r.min || v > r.max)) { outside++; tr.setAttribute('class', 'out'); flags.appendChild(el('div', { 'class': 'flag', 'data-flag': name }, name + ' = ' + fmt(v, 4) + ' is outside the development range (' + fmt(r.min, 4) + ' to ' + fmt(r.max, 4) + '): the prediction is an extrapolation.')); }
      tr.setAttribute('data-input', name);
      mt.appendChild(tr);
    });
    inputsDiv.appendChild(el('div', { 'class': 'section-label' }, 'What the model reads (after harmonization and the signature)'));
    inputsDiv.appendChild(mt);
    result.setAttribute('data-outside', String(outside));
    mark(p);
  }
  function points(axis, x){
    var v = axis.values, p = axis.points, n = v.length;
    if (n < 2 || v[n - 1] === v[0]) return p[0];
    return p[0] + (x - v[0]) * (p[n - 1] - p[0]) / (v[n - 1] - v[0]);
  }
  function mark(p){
    var model = modelSelect.value;
    var nomo = data.nomograms[model];
    var container = document.getElementById('nomogram');
    if (!container) return;
    if (!nomo) { if (view) { view.finalize(); view = null; } container.textContent = 'No nomogram for this model.'; container.removeAttribute('data-model'); return; }
    if (!view || container.getAttribute('data-model') !== model) {
      if (view) view.finalize();
      container.textContent = '';
      container.setAttribute('data-model', model);
      view = new vega.View(vega.parse(nomo.vega), { renderer: 'svg', container: container, hover: false });
    }
    var rows = [];
    if (p) {
      var total = 0;
      nomo.nomogram.axes.forEach(function(axis, k){
        var x = p.modelInputs[axis.name];
        if (x === undefined) return;
        var pts = points(axis, x); total += pts;
        rows.push({ row: nomo.layout.axisRows[k], order: k + 1, x: pts / nomo.layout.maxPoints });
      });
      var tx = total / nomo.layout.maxTotal, n = nomo.nomogram.axes.length;
      rows.push({ row: nomo.layout.totalRow, order: n + 1, x: tx });
      nomo.layout.functionRows.forEach(function(r, k){ rows.push({ row: r, order: n + 2 + k, x: tx }); });
      container.setAttribute('data-total-points', String(total));
    }
    container.removeAttribute('data-rendered');
    view.data('patient', rows);
    view.runAsync().then(function(){ container.setAttribute('data-rendered', 'ok'); });
  }
  modelSelect.addEventListener('change', function(){ buildForm(); update(); });
  buildForm(); update();
  window.radsigCalculator = {
    setModel: function(m){ modelSelect.value = m; buildForm(); update(); },
    setValues: function(v){ for (var k in v) values[k] = v[k]; buildForm(); update(); return last; },
    result: function(){ return last; },
    inputs: function(){ return calc.inputs(modelSelect.value); }
  };
})();
`;
