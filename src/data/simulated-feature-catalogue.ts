/**
 * The names the cohort simulator gives its features (PyRadiomics' image types, feature classes and
 * features) and its centres' scanners.
 */

const FEATURES_BY_CLASS: Record<string, string[]> = {
  shape: [
    'Elongation', 'Flatness', 'LeastAxisLength', 'MajorAxisLength', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow',
    'Maximum2DDiameterSlice', 'Maximum3DDiameter', 'MeshVolume', 'MinorAxisLength', 'Sphericity', 'SurfaceArea',
    'SurfaceVolumeRatio', 'VoxelVolume',
  ],
  firstorder: [
    '10Percentile', '90Percentile', 'Energy', 'Entropy', 'InterquartileRange', 'Kurtosis', 'Maximum', 'MeanAbsoluteDeviation',
    'Mean', 'Median', 'Minimum', 'Range', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared', 'Skewness', 'TotalEnergy',
    'Uniformity', 'Variance',
  ],
  glcm: [
    'Autocorrelation', 'ClusterProminence', 'ClusterShade', 'ClusterTendency', 'Contrast', 'Correlation', 'DifferenceAverage',
    'DifferenceEntropy', 'DifferenceVariance', 'Id', 'Idm', 'Idmn', 'Idn', 'Imc1', 'Imc2', 'InverseVariance', 'JointAverage',
    'JointEnergy', 'JointEntropy', 'MCC', 'MaximumProbability', 'SumAverage', 'SumEntropy', 'SumSquares',
  ],
  glrlm: [
    'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'GrayLevelVariance', 'HighGrayLevelRunEmphasis',
    'LongRunEmphasis', 'LongRunHighGrayLevelEmphasis', 'LongRunLowGrayLevelEmphasis', 'LowGrayLevelRunEmphasis', 'RunEntropy',
    'RunLengthNonUniformity', 'RunLengthNonUniformityNormalized', 'RunPercentage', 'RunVariance', 'ShortRunEmphasis',
    'ShortRunHighGrayLevelEmphasis', 'ShortRunLowGrayLevelEmphasis',
  ],
  glszm: [
    'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'GrayLevelVariance', 'HighGrayLevelZoneEmphasis',
    'LargeAreaEmphasis', 'LargeAreaHighGrayLevelEmphasis', 'LargeAreaLowGrayLevelEmphasis', 'LowGrayLevelZoneEmphasis',
    'SizeZoneNonUniformity', 'SizeZoneNonUniformityNormalized', 'SmallAreaEmphasis', 'SmallAreaHighGrayLevelEmphasis',
    'SmallAreaLowGrayLevelEmphasis', 'ZoneEntropy', 'ZonePercentage', 'ZoneVariance',
  ],
  gldm: [
    'DependenceEntropy', 'DependenceNonUniformity', 'DependenceNonUniformityNormalized', 'DependenceVariance',
    'GrayLevelNonUniformity', 'GrayLevelVariance', 'HighGrayLevelEmphasis', 'LargeDependenceEmphasis',
    'LargeDependenceHighGrayLevelEmphasis', 'LargeDependenceLowGrayLevelEmphasis', 'LowGrayLevelEmphasis',
    'SmallDependenceEmphasis', 'SmallDependenceHighGrayLevelEmphasis', 'SmallDependenceLowGrayLevelEmphasis',
  ],
  ngtdm: ['Busyness', 'Coarseness', 'Complexity', 'Contrast', 'Strength'],
};

const IMAGE_TYPES = [
  'original',
  'log-sigma-1-0-mm-3D', 'log-sigma-2-0-mm-3D', 'log-sigma-3-0-mm-3D', 'log-sigma-4-0-mm-3D', 'log-sigma-5-0-mm-3D',
  'wavelet-LLH', 'wavelet-LHL', 'wavelet-LHH', 'wavelet-HLL', 'wavelet-HLH', 'wavelet-HHL', 'wavelet-HHH', 'wavelet-LLL',
  'square', 'squareroot', 'logarithm', 'exponential', 'gradient', 'lbp-3D-m1', 'lbp-3D-m2', 'lbp-3D-k',
];

/** Scanner names of the simulated centres, in order. */
export const SIMULATED_SCANNERS = ['GE Revolution CT', 'Siemens SOMATOM Force', 'Philips Brilliance 64', 'Canon Aquilion ONE', 'GE LightSpeed VCT', 'Siemens SOMATOM Definition AS'];

/** A simulated feature: its PyRadiomics name, feature class and image type (index into the image types). */
export interface FeatureSpec {
  name: string;
  featureClass: string;
  imageIndex: number;
}

/** Every feature name the simulator can produce, in PyRadiomics order (image type, class, feature). */
export function simulatedFeatureCatalogue(): FeatureSpec[] {
  const out: FeatureSpec[] = [];
  IMAGE_TYPES.forEach((imageType, imageIndex) => {
    for (const [featureClass, names] of Object.entries(FEATURES_BY_CLASS)) {
      if (featureClass === 'shape' && imageType !== 'original') continue;
      for (const feature of names) out.push({ name: `${imageType}_${featureClass}_${feature}`, featureClass, imageIndex });
    }
  });
  return out;
}
