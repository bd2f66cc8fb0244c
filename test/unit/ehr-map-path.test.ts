import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadColumnMap, readMapFile } from '../../src/ehr-import/map-file.js';
import { UsageError } from '../../src/errors.js';

describe('--map and import maps save given a folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trackstat-maps-'));

  it('is a usage error saying it is a folder (was an EISDIR internal error)', () => {
    expect(() => loadColumnMap(dir, { cwd: dir, mapsDir: join(dir, 'maps') })).toThrow(
      /is a folder, not a file/,
    );
    expect(() => readMapFile(dir, 'exports/')).toThrow(UsageError);
  });

  it('a missing file still says it does not exist', () => {
    expect(() => readMapFile(join(dir, 'nope.json'), 'nope.json')).toThrow(/does not exist/);
  });
});
