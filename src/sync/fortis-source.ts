import { NotConnectedError } from '../errors.js';
import type { SourceDeps } from './sources.js';
import type { SyncSource } from './source.js';

/** Builds the Fortis sync source (resources filled in by the Fortis integration). */
export function createFortisSource(_deps: SourceDeps): Promise<SyncSource> {
  return Promise.reject(new NotConnectedError('Fortis sync is not available yet.'));
}
