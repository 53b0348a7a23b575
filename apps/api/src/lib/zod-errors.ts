// One mapping from zod issues to the message ids clients translate, shared with plugin config
// validation: it lives in the plugin SDK, the lower of the two packages.
export { zodFieldErrors } from '@parley/plugin-sdk/host';
