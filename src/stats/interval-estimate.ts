/** An estimate with its interval, as every radsig metric reports it. */
export interface IntervalEstimate {
  estimate: number;
  lower: number;
  upper: number;
  method: string;
  n: number;
  nEvents: number;
}
