import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configKeys } from '../../src/home/config-keys.js';
import { credentialFields } from '../../src/home/secrets.js';
import { exitCodeDescriptions } from '../../src/terminal/exit-codes.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A markdown table row whose cells are these texts (padding as prettier aligns it). */
function row(...cells: string[]): RegExp {
  return new RegExp(`^\\|${cells.map((c) => ` *${escape(c)} *`).join('\\|')}\\|`, 'm');
}

describe('README stays true', () => {
  it('sets up with exactly two commands, the second being the test command .ci/run runs', () => {
    const setup = /## Set up\n\n```sh\n([^`]*)```/.exec(readme)?.[1] ?? '';
    const lines = setup.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('npm install && npx trackstat demo');
    expect(lines[1]).toBe('npm test');
    const ci = readFileSync(resolve(root, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('lists every exit code with the text of src/terminal/exit-codes.ts', () => {
    for (const [code, text] of exitCodeDescriptions)
      expect(readme).toMatch(row(String(code), text));
  });

  it('documents every config key with what it accepts', () => {
    for (const def of configKeys) {
      const line = new RegExp(`^\\| *\`${escape(def.key)}\` *\\|.*$`, 'm').exec(readme)?.[0];
      expect(line, `README row for ${def.key}`).toBeDefined();
      expect(line?.replace(/\\\|/g, '|')).toContain(def.accepts);
    }
  });

  it('documents every credential environment variable', () => {
    for (const fields of Object.values(credentialFields)) {
      for (const f of fields) if (f.env) expect(readme).toContain(`\`${f.env}\``);
    }
  });
});
