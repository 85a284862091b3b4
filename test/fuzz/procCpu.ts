/**
 * CPU seconds a process has used so far (user + system), from /proc on Linux; undefined elsewhere or
 * once it has exited. The fuzz run's time limits are CPU time: on a shared or busy machine wall time
 * says more about the other processes than about ours.
 */
import * as fs from 'node:fs';

const TICKS = 100; // USER_HZ: 100 on every Linux architecture Node supports

export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields after its last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS; // utime, stime (fields 14 and 15)
  } catch {
    return undefined;
  }
}
