import { existsSync, readFileSync } from 'node:fs';
import { LocalStateError, UsageError } from '../errors.js';
import { configKeys, findConfigKey, type ConfigValue } from './config-keys.js';
import { writePrivateFile } from './files.js';

/** Lists the valid keys, for error messages. */
function validKeysHint(): string {
  return `Valid keys: ${configKeys.map((k) => k.key).join(', ')}. See them with: trackstat config list`;
}

/**
 * Stored keys checked when first read rather than on load: checking a time zone loads ICU's zone
 * data (~12 ms), which most commands (and `report … --date YYYY-MM-DD`) never need.
 */
const checkedOnUse = new Set(['timezone']);

/** A profile's non-secret settings (config.json), validated on load (or first use) and on every change. */
export class ConfigStore {
  private values: Record<string, ConfigValue>;
  /** Stored keys of `checkedOnUse` not validated yet. */
  private unchecked = new Set<string>();

  constructor(readonly path: string) {
    this.values = ConfigStore.read(path, this.unchecked);
  }

  private static read(path: string, unchecked: Set<string>): Record<string, ConfigValue> {
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
    const out: Record<string, ConfigValue> = {};
    for (const [key, value] of Object.entries(parsed)) {
      const def = findConfigKey(key);
      if (!def || !['string', 'number', 'boolean'].includes(typeof value)) {
        throw new LocalStateError(
          `The settings file ${path} has an unknown or invalid entry "${key}".`,
          `Remove it with: trackstat config unset ${key} (or edit the file). ${validKeysHint()}`,
        );
      }
      if (checkedOnUse.has(key) && typeof value === 'string') {
        out[key] = value;
        unchecked.add(key);
        continue;
      }
      out[key] = ConfigStore.checked(path, key, String(value));
    }
    return out;
  }

  /** A stored value parsed by its key's rule; an invalid one is a broken settings file. */
  private static checked(path: string, key: string, raw: string): ConfigValue {
    const check = findConfigKey(key)?.parse(raw);
    if (!check?.ok) {
      throw new LocalStateError(
        `The settings file ${path} has an invalid value for ${key}: it ${check?.reason ?? 'is unknown'}.`,
        `Set a valid one with: trackstat config set ${key} VALUE`,
      );
    }
    return check.value;
  }

  /** The stored value, else the default (undefined when neither exists). */
  get(key: string): ConfigValue | undefined {
    const def = this.definition(key);
    if (this.unchecked.has(key)) {
      this.values[key] = ConfigStore.checked(this.path, key, String(this.values[key]));
      this.unchecked.delete(key);
    }
    if (key in this.values) return this.values[key];
    return typeof def.default === 'function' ? def.default() : def.default;
  }

  /** Whether the value comes from the file or the default. */
  isSet(key: string): boolean {
    this.definition(key);
    return key in this.values;
  }

  /** Validates and stores a value typed by the user. */
  set(key: string, raw: string): ConfigValue {
    const def = this.definition(key);
    const check = def.parse(raw);
    if (!check.ok) {
      throw new UsageError(
        `Invalid value for ${key}: it ${check.reason}.`,
        `Accepted: ${def.accepts}.`,
      );
    }
    this.values[key] = check.value;
    this.unchecked.delete(key);
    this.save();
    return check.value;
  }

  /** Removes a stored value (the default applies again). */
  unset(key: string): void {
    this.definition(key);
    delete this.values[key];
    this.unchecked.delete(key);
    this.save();
  }

  /** Every key with its effective value. */
  list(): Array<{
    key: string;
    value: ConfigValue | undefined;
    source: 'set' | 'default';
    description: string;
    accepts: string;
  }> {
    return configKeys.map((def) => ({
      key: def.key,
      value: this.get(def.key),
      source: def.key in this.values ? 'set' : 'default',
      description: def.description,
      accepts: def.accepts,
    }));
  }

  /** Typed accessors for use cases. */
  string(key: string): string | undefined {
    const v = this.get(key);
    return v === undefined ? undefined : String(v);
  }

  number(key: string): number {
    const v = this.get(key);
    if (typeof v === 'number') return v;
    return Number(v ?? 0);
  }

  boolean(key: string): boolean {
    return this.get(key) === true;
  }

  /** A money setting in integer cents. */
  cents(key: string): number {
    return Math.round(Number(this.get(key) ?? 0) * 100);
  }

  /** The practice time zone. */
  timezone(): string {
    return String(this.get('timezone'));
  }

  private definition(key: string) {
    const def = findConfigKey(key);
    if (!def) throw new UsageError(`Unknown setting "${key}".`, validKeysHint());
    return def;
  }

  private save(): void {
    writePrivateFile(this.path, `${JSON.stringify(this.values, null, 2)}\n`);
  }
}
