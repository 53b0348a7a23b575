/**
 * The plugin interface for channel adapters, translators and GIF providers lands with the
 * integrations issue (mission K1–K3). Only the host's API version is fixed now, so stored
 * plugin installs can record what they were built against.
 */
export const PLUGIN_API_VERSION = 1;
