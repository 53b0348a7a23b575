/** The plugin API this host implements. A plugin's `apiVersion` must be one of SUPPORTED_API_VERSIONS. */
export const PLUGIN_API_VERSION = 1;
export const SUPPORTED_API_VERSIONS: readonly number[] = [1];
