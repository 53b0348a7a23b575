/**
 * @parley/integrations/testing — the SDK's contract kit, and the fake provider servers under
 * ./providers (reused by the API's integration tests).
 */
export * from '@parley/plugin-sdk/testing';
