// Deterministic contact CSVs for benchmarks and crash tests: mixed national and international
// formats, a share of invalid numbers, and duplicates of earlier rows written differently.
const AREA = [201, 212, 213, 305, 312, 404, 415, 469, 512, 602, 617, 646, 702, 713, 718, 786, 808, 917, 949, 972];
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Lee'];

const EXCHANGES = Array.from({ length: 800 }, (_, k) => 200 + k).filter((e) => e % 100 !== 11 && e !== 555 && e !== 950 && e !== 958 && e !== 959 && e !== 976);

/** The i-th unique valid US number as digits (area, exchange 200-999 without N11/555, line). */
function usNumber(i: number): [number, number, number] {
  const line = i % 10000;
  const rest = Math.floor(i / 10000);
  const ex = EXCHANGES[rest % EXCHANGES.length];
  const area = AREA[Math.floor(rest / EXCHANGES.length) % AREA.length];
  return [area, ex, line];
}

function format(i: number, [a, e, l]: [number, number, number]): string {
  const ll = String(l).padStart(4, '0');
  switch (i % 5) {
    case 0: return `(${a}) ${e}-${ll}`;
    case 1: return `${a}.${e}.${ll}`;
    case 2: return `+1 ${a} ${e} ${ll}`;
    case 3: return `${a}${e}${ll}`;
    default: return `1-${a}-${e}-${ll}`;
  }
}

export interface GenOptions { invalidEvery?: number; duplicateEvery?: number }

/** Yields CSV text in chunks of about 1,000 rows. Row i is stable for a given i. */
export function* generateCsv(rows: number, opts: GenOptions = {}): Generator<string> {
  const invalidEvery = opts.invalidEvery ?? 50; // 2 %
  const duplicateEvery = opts.duplicateEvery ?? 100; // 1 %
  let out = 'phone,first_name,last_name,email,tags\n';
  let unique = 0;
  for (let i = 1; i <= rows; i++) {
    let phone: string;
    if (i % invalidEvery === 0) phone = i % 2 ? '12345' : 'call me';
    else if (i % duplicateEvery === 7 && unique > 0) phone = format(i + 1, usNumber(unique - 1));
    else phone = format(i, usNumber(unique++));
    const f = FIRST[i % FIRST.length];
    const l = LAST[(i >> 3) % LAST.length];
    out += `${phone},${f},${l},${f.toLowerCase()}.${i}@example.com,${i % 3 ? 'customer' : 'customer;vip'}\n`;
    if (i % 1000 === 0) {
      yield out;
      out = '';
    }
  }
  if (out) yield out;
}

/** How many distinct valid numbers `generateCsv(rows)` contains. */
export function expectedUnique(rows: number, opts: GenOptions = {}): number {
  const invalidEvery = opts.invalidEvery ?? 50;
  const duplicateEvery = opts.duplicateEvery ?? 100;
  let unique = 0;
  for (let i = 1; i <= rows; i++) {
    if (i % invalidEvery === 0) continue;
    if (i % duplicateEvery === 7 && unique > 0) continue;
    unique++;
  }
  return unique;
}

export const csvString = (rows: number, opts?: GenOptions) => [...generateCsv(rows, opts)].join('');
