/**
 * client/bundle/: evidence bundles (issue 13 parts 5-6), their format and their verification,
 * browser-safe so the web explorer checks a bundle the way `cairn verify-bundle` does.
 */
export { BUNDLE_FILES, BUNDLE_FORMAT, fromRanges, sha256Hex, sha256Stream, toRanges, type BoundaryEntry, type BundleManifest } from './bundle-format.js';
export {
  BundleVerifier,
  bundleKey,
  checkEventLine,
  verifyBundleFiles,
  type BundleFailure,
  type BundleFailureKind,
  type BundleReport,
  type LineCheck,
} from './verify-bundle.js';
