/** The plugin API this SDK (and a host built on it) implements. A plugin's `apiVersion` must be one of SUPPORTED_API_VERSIONS. */
export const PLUGIN_API_VERSION = 1;
export const SUPPORTED_API_VERSIONS: readonly number[] = [1];
/** The API versions `definePlugin` accepts as literals: TypeScript refuses any other. */
export type SupportedApiVersion = 1;
/** The plugin API as semver, matched against a package manifest's `parley.apiVersion` range. */
export const PLUGIN_API_SEMVER = '1.0.0';
/** This package's version (kept equal to package.json's by a test). */
export const SDK_VERSION = '1.0.0';
