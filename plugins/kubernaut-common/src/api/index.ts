export type { HealthResponse } from './health';
export * from './types';
export * from './writes';
export * from './transcript';
export * from './feedback';
