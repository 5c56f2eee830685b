/**
 * rechat-sdk for bundlers. Importing this module has no side effects: it defines no
 * elements (import `rechat-sdk/define` for that) and touches no DOM until used.
 */
export * from './core/index.js';
