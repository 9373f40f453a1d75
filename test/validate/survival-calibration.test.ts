import { describe, expect, it } from 'vitest';
import { coxCalibrationSlope, survivalCalibration } from '../../src/validate/survival-calibration.js';
import { expectClose, golden } from '../helpers/golden.js';

const ref = golden('survival-calibration.json');

describe('survival calibration at a horizon agrees with survfit and coxph', () => {
  it('Kaplan-Meier survival in five groups of predicted survival (rtol 1e-10)', () => {
    const groups = survivalCalibration(ref.predicted, ref.time, ref.event, ref.horizon, 5);
    expect(groups.map((g) => g.n)).toEqual(ref.groups.map((g: { n: number }) => g.n));
    expectClose(groups.map((g) => g.predicted), ref.groups.map((g: { predicted: number }) => g.predicted), 1e-12, 0, 'predicted');
    expectClose(groups.map((g) => g.observed), ref.groups.map((g: { observed: number }) => g.observed), 1e-10, 0, 'observed');
    expectClose(groups.map((g) => g.lower), ref.groups.map((g: { lower: number }) => g.lower), 1e-10, 0, 'lower');
  });
  it('calibration slope (rtol 1e-6)', () => {
    const s = coxCalibrationSlope(ref.lp, ref.time, ref.event);
    expectClose([s.slope, s.se], [ref.slope, ref.slope_se], 1e-6, 0, 'slope');
  });
});
