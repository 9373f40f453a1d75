/**
 * The shape of results.json that the report and the calculator rely on: which parts are objects,
 * arrays and text (numbers may be anything: a value that is not a finite number shows as NA). A
 * results.json edited or damaged by hand is refused with the path of the first part that is wrong,
 * instead of failing deep inside a chart.
 */

/**
 * A shape: 'string', 'any', `[element]` (an array of it), `{ key: shape }` (an object with those
 * keys; `key?` may be absent or null; other keys are allowed), or `{ '*': shape }` (an object
 * whose every value has that shape).
 */
type Shape = string | readonly Shape[] | { readonly [key: string]: Shape };

const TEXT = 'string';
const ANY = 'any';
const NUMBERS: Shape = [ANY];
const METRICS: Shape = { '*': ANY };
const BINARY_CURVES: Shape = {
  'roc?': { fpr: NUMBERS, tpr: NUMBERS, 'youden?': { threshold: ANY } },
  'decision?': [{ threshold: ANY }],
  'histogram?': [{ from: ANY }],
  'calibration?': { grid: NUMBERS, apparent: NUMBERS, 'corrected?': NUMBERS },
};
const SURVIVAL_CURVES: Shape = {
  'riskGroups?': { ticks: NUMBERS, groups: [{ group: TEXT, 'curve?': { time: NUMBERS, survival: NUMBERS, lower: NUMBERS, upper: NUMBERS }, atRisk: [{ time: ANY }] }], 'logRank?': { p: ANY } },
  'tdAuc?': [{ time: ANY }],
  'decision?': [{ horizon: ANY, 'curve?': [{ threshold: ANY }] }],
  'calibration?': [{ horizon: ANY, 'groups?': [{ predicted: ANY }] }],
};
const AXIS: Shape = { name: TEXT, values: NUMBERS, labels: [TEXT], points: NUMBERS };
const MODEL: Shape = {
  'apparent?': METRICS,
  'validation?': { metrics: { '*': { '*': ANY } } },
  'external?': { '*': { '*': ANY } },
  'coefficients?': [{ term: TEXT }],
  'nomogram?': { axes: [AXIS], totalPoints: NUMBERS, 'totalPointsLabels?': [TEXT], functionAxes: [AXIS] },
  'ranges?': [{ feature: TEXT }],
  'forest?': { 'importance?': [{ feature: TEXT }] },
  'curves?': { 'development?': { '*': ANY }, 'external?': { '*': ANY } },
};
const STEPS: Shape = {
  'harmonize?': { batches: [{ level: TEXT }], shareSignificantBefore: METRICS, shareSignificantAfter: METRICS, mostAffected: [{ feature: TEXT, values: [{ batch: TEXT, before: NUMBERS, after: NUMBERS }] }] },
  'variance?': { kept: [TEXT], dropped: [TEXT] },
  'reproducibility?': { kept: [TEXT], dropped: [TEXT], icc: [{ feature: TEXT }] },
  'redundancy?': { kept: [TEXT], dropped: [TEXT] },
  'select?': {
    features: [{ name: TEXT }],
    cv: { lambda: NUMBERS, cvm: NUMBERS, cvsd: NUMBERS, nzero: NUMBERS },
    path: { lambda: NUMBERS, features: [{ name: TEXT, coef: NUMBERS }] },
    selectionFrequency: METRICS,
    'selectionNotes?': [{ feature: TEXT, explanation: TEXT }],
  },
};
const RESULTS: Shape = {
  'fingerprint?': TEXT,
  study: { 'title?': TEXT, 'description?': TEXT, clinical: [TEXT], models: [{ name: TEXT }] },
  outcome: { type: TEXT, 'time?': TEXT, 'horizons?': NUMBERS },
  data: { train: { '*': ANY } },
  steps: STEPS,
  models: { '*': MODEL },
  'comparisons?': [{ models: [TEXT] }],
  validation: { method: TEXT },
  'warnings?': [TEXT],
  'notes?': [TEXT],
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/** The first part of `value` that does not have `shape`, as "path must be ..., got ...", or null. */
function mismatch(value: unknown, shape: Shape, path: string): string | null {
  if (shape === ANY) return null;
  if (shape === TEXT) return typeof value === 'string' ? null : `${path} must be text, got ${kindOf(value)}`;
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${path} must be an array, got ${kindOf(value)}`;
    for (let i = 0; i < value.length; i++) {
      const m = mismatch(value[i], shape[0], `${path}[${i}]`);
      if (m !== null) return m;
    }
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${path} must be an object, got ${kindOf(value)}`;
  const record = value as Record<string, unknown>;
  const fields = shape as Record<string, Shape>;
  if (Object.hasOwn(fields, '*')) {
    for (const [k, v] of Object.entries(record)) {
      const m = mismatch(v, fields['*'], `${path}.${k}`);
      if (m !== null) return m;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(fields)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const v = Object.hasOwn(record, name) ? record[name] : undefined;
    if (optional && (v === undefined || v === null)) continue;
    const m = mismatch(v, inner, path === '' ? name : `${path}.${name}`);
    if (m !== null) return m;
  }
  return null;
}

/**
 * Why a parsed results.json cannot be read by the report, or null when it can: the first part that
 * is not of the shape runStudy writes, or an outcome type that is neither binary nor survival.
 */
export function resultsShapeProblem(json: unknown): string | null {
  const m = mismatch(json, RESULTS, '');
  if (m !== null) return m.replace(/^ must/, 'the file must');
  const type = (json as { outcome: { type: string } }).outcome.type;
  if (type !== 'binary' && type !== 'survival') return `outcome.type must be "binary" or "survival", got ${JSON.stringify(type)}`;
  const models = (json as { models: Record<string, { curves?: { development?: unknown; external?: unknown } }> }).models;
  const curves: Shape = type === 'binary' ? BINARY_CURVES : SURVIVAL_CURVES;
  for (const [name, model] of Object.entries(models)) {
    for (const data of ['development', 'external'] as const) {
      const c = model.curves?.[data];
      if (c === undefined || c === null) continue;
      const problem = mismatch(c, curves, `models.${name}.curves.${data}`);
      if (problem !== null) return problem;
    }
  }
  return null;
}
