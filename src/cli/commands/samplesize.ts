import { ParameterError } from '../../core/errors.js';
import { minimumSampleSize, type MinimumSampleSize, type MinimumSampleSizeOptions } from '../../validate/sample-size.js';
import { integerOption, numberOption, parseCommandArgs, stringOption, type ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { toJsonText, type Command } from '../command.js';

const USAGE = `Usage:
  radsig samplesize --type binary --parameters P (--r2cs R | --cstatistic C) --prevalence Q [options]
  radsig samplesize --type survival --parameters P --r2cs R --rate R --timepoint T --meanfup F [options]

Minimum sample size for developing a prediction model (Riley et al., BMJ 2020;368:m441), with the
numbers of R's pmsampsize 1.1.3: criterion 1 (expected shrinkage), 2 (optimism of 0.05 in
Nagelkerke's R2), 3 (precise overall risk); the largest is the minimum.

  --parameters P         candidate predictor parameters (all coefficients: dummies, splines, ...)
  --r2cs R               anticipated Cox-Snell R2 (pmsampsize's csrsquared)
  --cstatistic C         binary: approximate R2cs from a C-statistic by pmsampsize's simulation
  --seed S               seed of that simulation, as R's set.seed (default 123456)
  --prevalence Q         binary: anticipated outcome proportion
  --rate R               survival: overall event rate per unit of time
  --timepoint T          survival: time point of interest for prediction
  --meanfup F            survival: anticipated mean follow-up
  --shrinkage S          target expected shrinkage (default 0.9)
  --margin-of-error D    criterion 3: margin of error of the overall risk (default 0.05; binary n is
                         solved for it, survival is checked against it as pmsampsize does)
  --json                 print { type, n, events, eventsRounded, epp, shrinkage, parameters, r2cs,
                         maxR2cs, nagelkerkeR2, criteria: [...], overallRisk, personTime,
                         fromCstatistic, options, warnings }`;

const FLAGS: Record<string, string> = {
  parameters: '--parameters',
  r2cs: '--r2cs',
  cstatistic: '--cstatistic',
  seed: '--seed',
  prevalence: '--prevalence',
  rate: '--rate',
  timepoint: '--timepoint',
  meanfup: '--meanfup',
  shrinkage: '--shrinkage',
  marginOfError: '--margin-of-error',
};

/** `radsig samplesize`. */
export const samplesizeCommand: Command = {
  name: 'samplesize',
  summary: 'minimum sample size to develop a prediction model (Riley et al., as pmsampsize)',
  usage: USAGE,
  run(argv: string[], io: CliIo): number {
    const spec = Object.fromEntries([...Object.values(FLAGS).map((f) => [f.slice(2), { type: 'string' as const }]), ['type', { type: 'string' as const }], ['json', { type: 'boolean' as const }]]);
    const { values } = parseCommandArgs('samplesize', argv, spec, { min: 0, max: 0, names: '' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const type = stringOption(values, 'type');
    if (type !== 'binary' && type !== 'survival') {
      throw new ParameterError(`samplesize: --type must be binary or survival, got ${type === undefined ? 'nothing' : JSON.stringify(type)}`, 'USAGE');
    }
    const required = type === 'binary' ? ['parameters', 'prevalence'] : ['parameters', 'r2cs', 'rate', 'timepoint', 'meanfup'];
    const missing = required.filter((k) => values[k] === undefined);
    if (missing.length > 0) throw new ParameterError(`samplesize: --type ${type} needs ${missing.map((k) => `--${k}`).join(', ')}`, 'USAGE');
    const foreign = (type === 'binary' ? ['rate', 'timepoint', 'meanfup'] : ['prevalence', 'cstatistic', 'seed']).filter((k) => values[k] !== undefined);
    if (foreign.length > 0) throw new ParameterError(`samplesize: ${foreign.map((k) => `--${k}`).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not used with --type ${type}`, 'USAGE');
    if (type === 'binary' && (values.r2cs === undefined) === (values.cstatistic === undefined)) {
      throw new ParameterError('samplesize: give one of --r2cs and --cstatistic', 'USAGE');
    }
    const options: MinimumSampleSizeOptions = { type, parameters: integerOption(values, 'parameters', 0) };
    for (const key of ['r2cs', 'cstatistic', 'prevalence', 'rate', 'timepoint', 'meanfup', 'shrinkage', 'marginOfError'] as const) {
      const value = optionalNumber(values, FLAGS[key].slice(2));
      if (value !== undefined) options[key] = value;
    }
    if (values.seed !== undefined) options.seed = integerOption(values, 'seed', 123456);
    let result: MinimumSampleSize;
    try {
      result = minimumSampleSize(options);
    } catch (error) {
      if (error instanceof ParameterError && error.message.startsWith('minimumSampleSize: ')) throw new ParameterError(inFlags(error.message), 'USAGE');
      throw error;
    }
    for (const w of result.warnings) io.stderr(`radsig: warning: ${inFlags(w)}\n`);
    io.stdout(values.json ? toJsonText(result) : report(result));
    return 0;
  },
};

function optionalNumber(values: ParsedArgs['values'], name: string): number | undefined {
  return stringOption(values, name) === undefined ? undefined : numberOption(values, name, NaN);
}

/** A library message in the command's words: its option names as flags. */
function inFlags(message: string): string {
  return message.replace(/^minimumSampleSize: /, 'samplesize: ').replace(/\b(parameters|r2cs|cstatistic|seed|prevalence|rate|timepoint|meanfup|shrinkage|marginOfError)\b/g, (name) => FLAGS[name]);
}

/** pmsampsize's table and summary sentence. */
function report(s: MinimumSampleSize): string {
  const header = ['criterion', 'n', 'shrinkage', 'parameters', 'R2cs', 'max R2cs', 'Nagelkerke', 'EPP'];
  const r2 = s.fromCstatistic ? s.r2cs.toFixed(4) : String(s.r2cs);
  const line = (label: string, n: number, shrinkage: number, epp: number) => [label, String(n), shrinkage.toFixed(3), String(s.parameters), r2, s.maxR2cs.toFixed(3), s.nagelkerkeR2.toFixed(3), epp.toFixed(2)];
  const body = [...s.criteria.map((c) => line(`${c.criterion} ${c.name}`, c.n, c.shrinkage, c.epp)), line('final', s.n, s.shrinkage, s.epp)];
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((row) => row[j].length)));
  const format = (row: string[]) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  ');
  const o = s.options;
  const lines: string[] = [];
  if (s.type === 'binary') {
    lines.push(`Minimum sample size for a prediction model of a binary outcome (prevalence ${o.prevalence})`);
  } else {
    lines.push(`Minimum sample size for a prediction model of a time-to-event outcome (rate ${o.rate}, time point ${o.timepoint}, mean follow-up ${o.meanfup})`);
  }
  if (s.fromCstatistic) lines.push(`R2cs ${r2} approximated from C-statistic ${s.fromCstatistic.cstatistic} (seed ${s.fromCstatistic.seed})`);
  lines.push(`Target shrinkage ${o.shrinkage}; optimism in Nagelkerke's R2 at most 0.05; margin of error of the overall risk ${o.marginOfError}`, '');
  lines.push(format(header), ...body.map(format), '');
  if (s.type === 'binary') {
    lines.push(`Minimum sample size ${s.n}, with ${s.eventsRounded} events and an EPP of ${s.epp.toFixed(2)}.`);
  } else {
    lines.push(`Minimum sample size ${s.n}, with ${s.personTime} person-time of follow-up, ${s.eventsRounded} events and an EPP of ${s.epp.toFixed(2)}.`);
  }
  const r = s.overallRisk;
  const what = s.type === 'binary' ? 'the outcome proportion' : `the risk by time ${o.timepoint}`;
  lines.push(`95% interval of ${what} at n = ${r.n}: ${r.estimate.toFixed(3)} (${r.lower.toFixed(3)} to ${r.upper.toFixed(3)}), margin ${r.marginOfError.toFixed(3)}.`);
  return lines.join('\n') + '\n';
}
