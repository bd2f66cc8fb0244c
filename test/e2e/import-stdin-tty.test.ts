import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { binPath, tempHome } from '../helpers/cli.js';

describe('trackstat import KIND - on a terminal', () => {
  it('says it is reading standard input and how to end it, then imports what was typed', async () => {
    const home = tempHome();
    const command = `stty cols 120 rows 50; '${process.execPath}' '${binPath}' import patients -`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, TRACKSTAT_HOME: home, TZ: 'UTC' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let typed = false;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      // Type the file only once the hint is on screen, then end it with Ctrl-D.
      if (!typed && out.includes('Ctrl-D')) {
        typed = true;
        child.stdin.write('account,first_name,last_name\n1001,Ann,Lee\n');
        setTimeout(() => child.stdin.write('\u0004'), 100);
      }
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toContain('Reading the patients file from standard input');
    expect(code).toBe(0);
    expect(out).toContain('1 row — 1 inserted');
  });
});
