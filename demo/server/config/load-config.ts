import { readFileSync } from 'node:fs';
import type { BrokerageConfig } from './brokerage-config.js';
import { ConfigError, validateConfig } from './validate-config.js';

/**
 * Reads and validates the routing config file.
 *
 * @throws {ConfigError} when the file is missing, is not JSON, or fails validation; the
 *   message names the file so that a failed start says exactly what to fix.
 */
export function loadConfig(path: string): BrokerageConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read the file: ${(error as Error).message}`], path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`not valid JSON: ${(error as Error).message}`], path);
  }
  return validateConfig(raw, path);
}
