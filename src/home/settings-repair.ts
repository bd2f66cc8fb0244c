// `config set` and `config unset` as the way out of a broken settings file. ConfigStore refuses to
// load a file with an invalid or unknown entry, and its error says "trackstat config set KEY VALUE"
// (or "config unset KEY"); those commands must then work on the file itself instead of failing with
// the same error. Only the named key is touched; the rest is checked again by loading the store.
import { existsSync, readFileSync } from 'node:fs';
import { LocalStateError, UsageError } from '../errors.js';
import { findConfigKey, type ConfigValue } from './config-keys.js';
import { ConfigStore } from './config.js';
import { writePrivateFile } from './files.js';

function readObject(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new LocalStateError(
      `The settings file ${path} is not valid JSON.`,
      'Fix the file by hand, or delete it to start from the defaults (trackstat config set … recreates it).',
      { cause: err },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LocalStateError(
      `The settings file ${path} does not hold a JSON object.`,
      'Delete it to start from the defaults.',
    );
  }
  return parsed as Record<string, unknown>;
}

/** What is still wrong with the file after a repair (the next broken entry), if anything. */
function stillBroken(path: string): string | undefined {
  try {
    new ConfigStore(path).isSet('timezone');
    return undefined;
  } catch (err) {
    if (!(err instanceof LocalStateError)) throw err;
    return [err.message, err.hint].filter(Boolean).join(' ');
  }
}

/**
 * Sets one key even when another entry of the file is broken; returns the stored value and what
 * is still broken (the next entry to fix), so the command can say so after succeeding.
 */
export function setSetting(
  path: string,
  key: string,
  raw: string,
): { value: ConfigValue; stillBroken?: string | undefined } {
  try {
    return { value: new ConfigStore(path).set(key, raw) };
  } catch (err) {
    if (!(err instanceof LocalStateError)) throw err;
    const def = findConfigKey(key);
    if (!def)
      throw new UsageError(`Unknown setting "${key}".`, 'See them with: trackstat config list');
    const check = def.parse(raw);
    if (!check.ok) {
      throw new UsageError(
        `Invalid value for ${key}: it ${check.reason}.`,
        `Accepted: ${def.accepts}.`,
      );
    }
    const values = readObject(path);
    values[key] = check.value;
    writePrivateFile(path, `${JSON.stringify(values, null, 2)}\n`);
    return { value: check.value, stillBroken: stillBroken(path) };
  }
}

/** Removes one key (an unknown one too, as the load error suggests) even from a broken file. */
export function unsetSetting(path: string, key: string): { stillBroken?: string | undefined } {
  try {
    new ConfigStore(path).unset(key);
    return {};
  } catch (err) {
    const values = readObject(path);
    if (!(key in values)) throw err;
    delete values[key];
    writePrivateFile(path, `${JSON.stringify(values, null, 2)}\n`);
    return { stillBroken: stillBroken(path) };
  }
}
