/**
 * Shared parts of the Kubernaut plugins: REST API types, permissions and the fleet query language.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './permissions';
export * from './query';
export * from './targets';
export * from './people';
