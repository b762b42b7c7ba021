// Preloaded into a benchmark's server (node --require): counts the statements it sends to PostgreSQL
// (every pg Client.query: BEGIN and COMMIT included, i.e. round trips) and writes the count to
// BENCH_QUERY_COUNT_FILE when the process exits, and whenever it gets SIGUSR2 (so a run can take a snapshot).
// BENCH_SERVER_PROF=<dir>: also a CPU profile from the first snapshot (after the warm-up: start-up and
// sign-up left out) to the exit, written there (--cpu-prof is not allowed in NODE_OPTIONS; the inspector's profiler does the same).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const pg = require('pg');

const file = process.env.BENCH_QUERY_COUNT_FILE;
let count = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  count++;
  return query.apply(this, args);
};
const write = () => file && writeFileSync(file, String(count));

let session = null;
function startProfile() {
  if (session || !process.env.BENCH_SERVER_PROF) return;
  const inspector = require('node:inspector');
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
}
function stopProfile() {
  session?.post('Profiler.stop', (err, r) => {
    if (!err) writeFileSync(join(process.env.BENCH_SERVER_PROF, `server-${process.pid}.cpuprofile`), JSON.stringify(r.profile));
  });
}
process.on('SIGUSR2', () => { write(); startProfile(); });
process.on('exit', () => { write(); stopProfile(); });
