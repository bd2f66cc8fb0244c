import { existsSync, readFileSync } from 'node:fs';
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

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

describe('README and docs/ link to each other', () => {
  const docs = ['PERFORMANCE', 'SANDBOX', 'COLUMN-MAPS', 'CASHPRACTICE-CONTRACT'].map(
    (d) => `docs/${d}.md`,
  );

  it('every section is in the table of contents, and every entry points at a heading', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)]
      .map((m) => m[1] ?? '')
      .filter((h) => h !== 'Contents');
    const toc = /## Contents\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const targets = [...toc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(targets.sort()).toEqual(headings.map(anchor).sort());
  });

  it('every relative link of the README and docs/ names an existing file (and heading)', () => {
    for (const file of ['README.md', ...docs]) {
      const text = readFileSync(resolve(root, file), 'utf8');
      for (const m of text.matchAll(/\]\(((?:\.\.\/|docs\/|[A-Z-]+\.md)[^)#]*)(?:#([^)]+))?\)/g)) {
        const target = resolve(root, file.startsWith('docs/') ? 'docs' : '.', m[1] ?? '');
        expect(existsSync(target), `${file} → ${m[1]}`).toBe(true);
        if (m[2]) {
          const headings = [...readFileSync(target, 'utf8').matchAll(/^#+ (.+)$/gm)].map((h) =>
            anchor(h[1] ?? ''),
          );
          expect(headings, `${file} → ${m[1]}#${m[2]}`).toContain(m[2]);
        }
      }
    }
  });

  it('the moved reference text is in its docs file', () => {
    const text = (d: string): string => readFileSync(resolve(root, `docs/${d}.md`), 'utf8');
    expect(text('COLUMN-MAPS')).toContain('"date_formats": { "start": "MM/DD/YYYY h:mm A" }');
    expect(text('CASHPRACTICE-CONTRACT')).toContain('`Authorization: Bearer <key>`');
    expect(text('SANDBOX')).toContain('`fault MODE [N]`');
    expect(text('PERFORMANCE')).toContain('`npm run bench` builds');
    expect(readme).toMatch(/^## Performance\n\nLatest run[^\n]*\n\n\| Measurement/m);
  });
});
