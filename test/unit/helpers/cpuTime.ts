/**
 * CPU time (user + system, in ms) this process spends in `f`: unlike wall-clock time it does not grow when
 * other processes compete for the cores, so the "grows at most linearly" checks compare work, not the load of
 * the machine. The best of `repeats` runs is returned.
 */
export async function cpuMs(f: () => unknown, repeats = 3): Promise<number> {
  let best = Infinity;
  for (let k = 0; k < repeats; k++) {
    const t0 = process.cpuUsage();
    await f();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}
