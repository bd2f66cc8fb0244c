// Preloaded (node --require) into every process the benchmark times: on exit it writes the
// process's CPU time (user + system, all threads: SQLite, GC) to $BENCH_CPU_OUT. CPU time is what
// the code costs; wall time on a busy shared machine mostly measures the other processes.
const out = process.env.BENCH_CPU_OUT;
if (out) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    require('node:fs').writeFileSync(out, String((u.user + u.system) / 1000));
  });
}
