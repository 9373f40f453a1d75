/**
 * PyRadiomics naming conventions.
 */

/** PyRadiomics feature classes, in the order PyRadiomics writes them. */
export const FEATURE_CLASSES = ['shape', 'shape2D', 'firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const;

/**
 * Whether a column is PyRadiomics bookkeeping (`diagnostics_*`, `Image`, `Mask`), which is never
 * a feature even when numeric (e.g. `diagnostics_Image-original_Mean`).
 */
export function isBookkeepingColumn(name: string): boolean {
  return name.startsWith('diagnostics_') || name === 'Image' || name === 'Mask';
}

/** The parts of a PyRadiomics feature name. */
export interface FeatureNameParts {
  /** Region prefix, when the table combines several masks (e.g. `Mass` in `Mass_original_glcm_Contrast`). */
  region: string | null;
  /** Image type: `original`, `wavelet-LLH`, `log-sigma-3-0-mm-3D`, `square`, ... */
  imageType: string;
  /** Feature class: `shape`, `firstorder`, `glcm`, ... */
  featureClass: string;
  /** Feature name within its class: `Contrast`, `Entropy`, ... */
  feature: string;
}

const IMAGE_TYPE = /^(original|wavelet-[LH]{2,3}|log-sigma-[0-9-]+mm-[23]D|square|squareroot|logarithm|exponential|gradient|lbp-2D|lbp-3D-[a-z0-9]+)$/;

/**
 * Splits `[region_]imageType_featureClass_feature` into its parts, or returns null for a name that
 * does not follow the PyRadiomics convention.
 */
export function parseFeatureName(name: string): FeatureNameParts | null {
  const parts = name.split('_');
  if (parts.length < 3) return null;
  for (let k = 0; k + 2 < parts.length; k++) {
    const classPart = parts[k + 1];
    if (IMAGE_TYPE.test(parts[k]) && (FEATURE_CLASSES as readonly string[]).includes(classPart)) {
      return {
        region: k === 0 ? null : parts.slice(0, k).join('_'),
        imageType: parts[k],
        featureClass: classPart,
        feature: parts.slice(k + 2).join('_'),
      };
    }
  }
  return null;
}
