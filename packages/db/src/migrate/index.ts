export { preloadSchemaEngine, SchemaEngineError } from './engine';
export { applyMigrations, type DiffOptions, diff, readMigrationList } from './migrations';
