/**
 * The calibration slope of survival predictions (issue 26) against R
 * (test/reference/survival-calibration-slope.R): a Cox model fitted on PBC's women and scored on the
 * men has the slope coef(coxph(Surv ~ lp)) there; on its own patients the slope is 1. Every survival
 * study reports it (apparent, validated, external).
 */
import { describe, expect, it } from 'vitest';
import { CoxPH, Matrix64 } from '../../src/index.js';
import { survivalCalibrationSlope } from '../../src/pipeline/performance.js';
import { golden } from '../helpers/golden.js';

const models = golden('models.json');
const ref = golden('survival-calibration-slope.json');

describe('survival calibration slope', () => {
  const d = models.pbc;
  const X = Matrix64.fromColumns(d.x);
  const pick = (rows: number[]) => ({ X: X.selectRows(rows.map((r) => r - 1)), time: rows.map((r) => d.time[r - 1]), event: rows.map((r) => d.event[r - 1]) });
  const dev = pick(ref.development);
  const ext = pick(ref.external);
  const fit = new CoxPH().fit(dev.X, { time: dev.time, event: dev.event });
  const survivalBy = (x: Matrix64) => fit.survivalAt(x, [1825]).column(0);

  it('of a Cox model on new patients equals coef(coxph(Surv ~ lp)) (rtol 1e-6)', () => {
    const slope = survivalCalibrationSlope(survivalBy(ext.X), ext.time, ext.event);
    expect(Math.abs(slope - ref.slope) / ref.slope).toBeLessThan(1e-6);
  });

  it('is 1 on the patients the model was fitted on, and the same at any horizon for a Cox model', () => {
    expect(survivalCalibrationSlope(survivalBy(dev.X), dev.time, dev.event)).toBeCloseTo(ref.apparent, 6);
    const at3650 = fit.survivalAt(ext.X, [3650]).column(0);
    expect(survivalCalibrationSlope(at3650, ext.time, ext.event)).toBeCloseTo(ref.slope, 6);
  });
});
