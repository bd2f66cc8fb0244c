#!/usr/bin/env node
// `--version` and a bare `--help` are answered without loading the CLI at all (SPEC §4: within 1.3×
// of a bare `node -e 0`): the version from package.json, the help from dist/help.txt, which the
// build renders with the CLI itself at commander's default 80 columns (so only when that is the
// width commander would use: off a terminal, or on an 80-column one).
const args = process.argv.slice(2);
const version = args.length === 1 && (args[0] === '--version' || args[0] === '-V');
const help =
  args.length === 1 &&
  (args[0] === '--help' || args[0] === '-h') &&
  (!process.stdout.isTTY || (process.stdout.columns ?? 80) === 80);
let text;
if (version || help) {
  const { readFileSync } = await import('node:fs');
  try {
    text = version
      ? `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`
      : readFileSync(new URL('../dist/help.txt', import.meta.url), 'utf8');
  } catch {
    // No pre-rendered help (a build from before it existed): the CLI prints it.
  }
}
if (text !== undefined) {
  process.stdout.write(text);
} else {
  const { main } = await import('../dist/cli.js');
  main(process);
}
