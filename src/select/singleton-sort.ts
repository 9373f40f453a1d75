/**
 * Singleton's quicksort (CACM Algorithm 347, 1969, doi:10.1145/362946.362976, as modified for
 * glmnet's `psort7`): returns the permutation that sorts values increasingly. It is not stable;
 * radsig uses it where glmnet's results depend on the order it gives to tied values (the risk
 * sets of its Breslow Cox likelihood), so that radsig reproduces glmnet on tied survival times.
 */
export function singletonOrder(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  // 1-based working arrays, as the algorithm is stated
  const a = new Int32Array(n + 1);
  for (let q = 1; q <= n; q++) a[q] = q - 1;
  const v = (q: number) => values[a[q]];
  const il = new Int32Array(64);
  const iu = new Int32Array(64);
  const ii = 1;
  let m = 1;
  let i = ii;
  let j = n;
  let k = 0;
  let l = 0;
  let t = 0;
  let tt = 0;
  let vt = 0;
  let label = 10;
  for (;;) {
    switch (label) {
      case 10:
        label = i >= j ? 80 : 20;
        break;
      case 20: {
        // median of three: order a[i], a[ij], a[j] around the pivot t at ij
        k = i;
        const ij = Math.floor((j + i) / 2);
        const swapPivot = (q: number) => {
          a[ij] = a[q];
          a[q] = t;
          t = a[ij];
          vt = values[t];
        };
        t = a[ij];
        vt = values[t];
        if (v(i) > vt) swapPivot(i);
        l = j;
        if (v(j) < vt) {
          swapPivot(j);
          if (v(i) > vt) swapPivot(i);
        }
        label = 50;
        break;
      }
      case 40:
        a[l] = a[k];
        a[k] = tt;
        label = 50;
        break;
      case 50:
        l--;
        while (v(l) > vt) l--;
        tt = a[l];
        k++;
        while (v(k) < vt) k++;
        if (k <= l) {
          label = 40;
          break;
        }
        if (l - i > j - k) {
          il[m] = i;
          iu[m] = l;
          i = k;
        } else {
          il[m] = k;
          iu[m] = j;
          j = l;
        }
        m++;
        label = 90;
        break;
      case 80:
        m--;
        if (m === 0) {
          const out = new Int32Array(n);
          for (let q = 1; q <= n; q++) out[q - 1] = a[q];
          return out;
        }
        i = il[m];
        j = iu[m];
        label = 90;
        break;
      case 90:
        if (j - i > 10) {
          label = 20;
          break;
        }
        if (i === ii) {
          label = 10;
          break;
        }
        // straight insertion on a[i..j], with a[i-1] as the sentinel
        i--;
        for (;;) {
          i++;
          if (i === j) break;
          t = a[i + 1];
          vt = values[t];
          if (v(i) <= vt) continue;
          k = i;
          do {
            a[k + 1] = a[k];
            k--;
          } while (vt < v(k));
          a[k + 1] = t;
        }
        label = 80;
        break;
      default:
        throw new Error(`singletonOrder: bad state ${label}`);
    }
  }
}
