/** The radsig version written into every model file (kept equal to package.json by a test). */
export const RADSIG_VERSION = '0.1.0';
