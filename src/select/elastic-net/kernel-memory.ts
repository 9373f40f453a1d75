/**
 * Where the elastic net's solver keeps its arrays: byte addresses in the memory of its kernels.
 */
import type { Kernels } from '../../core/simd-kernels.js';

/** The kernels of a solver and the byte addresses of its arrays in their memory. */
export interface KernelMemory {
  k: Kernels;
  /** Standardized features, n x p column-major. */
  z: number;
  /** Residuals (gradient of the quadratic model). */
  r: number;
  /** Weights of the quadratic model. */
  v: number;
  /** n ones. */
  one: number;
  /** Linear predictor. */
  eta: number;
  /** |z_j'r| of the features outside the strong set. */
  grad: number;
  /** Byte flags of the features the gradient sweep skips. */
  skip: number;
  beta: number;
  xv: number;
  vp: number;
  strongList: number;
  activeList: number;
  added: number;
  ever: number;
  /** Float32 copy of the features, and float32 scratch residuals. */
  z32: number;
  r32: number;
}
