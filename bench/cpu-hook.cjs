// Preloaded (node --require) into every process the benchmark times: on exit it writes the
// process's CPU time (user + system, all threads: SQLite, GC) to $BENCH_CPU_OUT. CPU time is what
// the code costs; wall time on a busy shared machine mostly measures the other processes.
// CommonJS on purpose: an ESM preload would start the ESM loader in `node -e 0` too, hiding what
// loading an ESM CLI costs. (process.getBuiltinModule: Node ≥ 20.16; older ones report no CPU.)
const out = process.env.BENCH_CPU_OUT;
const fs = process.getBuiltinModule?.('node:fs');
if (out && fs) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    fs.writeFileSync(out, String((u.user + u.system) / 1000));
  });
}
