import { join, resolve } from 'node:path';
import type { CommandContext } from './context.js';
import { writePrivateFile } from '../home/files.js';
import { mapsDir } from '../home/paths.js';
import {
  checkMapName,
  listSavedMaps,
  parseColumnMap,
  readMapFile,
} from '../ehr-import/map-file.js';

/** `trackstat import maps`: lists the column maps saved in the home. */
export function listMapsCommand(ctx: CommandContext, json: boolean): void {
  const maps = listSavedMaps(mapsDir(ctx.paths.home));
  if (json) {
    ctx.io.stdout.write(`${JSON.stringify(maps, null, 2)}\n`);
    return;
  }
  if (maps.length === 0) {
    ctx.io.info('No saved column maps. Save one with: trackstat import maps save NAME FILE.json');
    return;
  }
  const width = Math.max(...maps.map((m) => m.name.length)) + 2;
  for (const m of maps) {
    ctx.io.stdout.write(
      `${m.name.padEnd(width)}${m.description || '(no description)'} [${m.kinds}]\n`,
    );
  }
}

/** `trackstat import maps save NAME FILE.json`: validates a map and stores it as `<home>/maps/NAME.json`. */
export function saveMapCommand(ctx: CommandContext, name: string, file: string): void {
  checkMapName(name);
  const path = resolve(ctx.io.cwd, file);
  const text = readMapFile(path, file);
  parseColumnMap(text, file);
  const target = join(mapsDir(ctx.paths.home), `${name}.json`);
  writePrivateFile(target, text.endsWith('\n') ? text : `${text}\n`);
  ctx.io.info(`Saved the column map "${name}" (${target}); use it with --map ${name}.`);
}
