#!/usr/bin/env node
// The trackstat binary. CommonJS on purpose (bin/package.json): an ES-module entry point starts
// Node's ESM loader, a few ms of every run (SPEC §4: `--version`/`--help` within 1.3×, the daily
// report within 1.5× of a bare `node -e 0`).
//
// `--version` and a bare `--help` are answered without loading the CLI at all: the version from
// package.json, the help from dist/help.txt, which the build renders with the CLI itself at
// commander's default 80 columns (so only when that is the width commander would use: off a
// terminal, or on an 80-column one).
//
// Everything else runs dist/cli.cjs, the whole CLI in one file, compiled through vm.Script with the
// V8 code cache the build wrote next to it (Node 20 has no compile cache of its own): V8 skips
// parsing and compiling what the cache holds. A cache V8 rejects (another Node version) is ignored
// and the file is compiled as usual.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = process.env.TRACKSTAT_BUILD_DIST
  ? require('node:path').resolve(process.env.TRACKSTAT_BUILD_DIST)
  : join(__dirname, '..', 'dist');
const args = process.argv.slice(2);
const version = args.length === 1 && (args[0] === '--version' || args[0] === '-V');
const help =
  args.length === 1 &&
  (args[0] === '--help' || args[0] === '-h') &&
  (!process.stdout.isTTY || (process.stdout.columns || 80) === 80);

let text;
if (version || help) {
  try {
    text = version
      ? `${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`
      : readFileSync(join(dist, 'help.txt'), 'utf8');
  } catch {
    // No pre-rendered help (the build renders it with the CLI): the CLI prints it.
  }
}

if (text !== undefined) {
  process.stdout.write(text);
} else {
  loadCli().main(process);
}

/** Compiles and runs dist/cli.cjs as a CommonJS module, with its code cache; returns its exports. */
function loadCli() {
  const vm = require('node:vm');
  const Module = require('node:module');
  const file = join(dist, 'cli.cjs');
  const cacheFile = `${file}.cache`;
  // The build guarantees pure ASCII, so latin1 reads it exactly and without UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (process.env.TRACKSTAT_BUILD_CODE_CACHE) {
    // The build's own run: keep what this run compiled (startup, commander, every command's
    // definition) once it is done.
    process.once('exit', () => {
      require('node:fs').writeFileSync(cacheFile, script.createCachedData());
    });
  } else if (script.cachedDataRejected === true) {
    // Node was upgraded since the build: replace the cache (best effort; a read-only install
    // keeps compiling from source, which is only slower). Renamed into place, so a concurrent
    // run never reads half a file.
    process.once('exit', () => {
      try {
        const fs = require('node:fs');
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // not writable: fine
      }
    });
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const wrapper = script.runInThisContext();
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, dist);
  return module.exports;
}
