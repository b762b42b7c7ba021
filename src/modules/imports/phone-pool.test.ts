import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { analysePhone } from '../../lib/phone.js';
import { hashToken } from '../../lib/tokens.js';
import { closePhonePool, parsePhones } from './phone-pool.js';

const SECRET = 'pool-test-secret-0123456789abcdef';
/** What the importing thread computes for one number: the phone rule and consent's phoneHash. */
const inline = (raw: string, country: string) => {
  const r = analysePhone(raw, country);
  return 'problem' in r ? r : { ...r, hash: hashToken(SECRET, `phone:${r.e164}`) };
};

describe('parsePhones', () => {
  afterAll(() => closePhonePool());

  it('gives on the worker threads what the rule and the hash give inline, in order (valid, invalid, types, countries)', async () => {
    const samples = ['(201) 200-0001', '+44 20 7946 0958', '+44 7700 900123', '12345', 'call me', '', '  ', '+1 800 555 0199', '1-415-555-2671', '+33 6 12 34 56 78',
      '+1 684 733 1234', '+999 123', '0049 30 1234567', '415.200.3333 ext 12', 'a\nb', '+1 (212) 200-0000', '+61 2 9374 4000', '9'.repeat(70)];
    const phones = Array.from({ length: 3000 }, (_, i) => (i % 3 ? samples[i % samples.length] : `+1 ${201 + (i % 700)} ${200 + (i % 799)} ${String(i).padStart(4, '0')}`));
    const pooled = await parsePhones(phones, 'US', SECRET); // 3,000 ≥ the inline limit: the pool
    expect(pooled).toEqual(phones.map((p) => inline(p, 'US')));
    expect(await parsePhones(phones.slice(0, 50), 'GB', SECRET)).toEqual(phones.slice(0, 50).map((p) => inline(p, 'GB')));
  });

  it('without a key gives no hashes', async () => {
    const r = await parsePhones(Array.from({ length: 2000 }, () => '(201) 200-0001'), 'US');
    expect(r[0]).toEqual({ ...analysePhone('(201) 200-0001', 'US'), hash: '' });
  });

  // `npm start` and `npm run bench` run Node with --max-semi-space-size (scripts/start.mjs); a worker
  // thread refuses V8 flags in its execArgv (ERR_WORKER_INVALID_EXEC_ARGV), which failed every
  // import of 1,500 rows or more.
  it('works in a process started with V8 flags, as npm start starts the server', () => {
    const script = "import { parsePhones, closePhonePool } from './src/modules/imports/phone-pool.ts';" +
      "const r = await parsePhones(Array.from({ length: 3000 }, () => '(201) 200-0001'), 'US', 'k'.repeat(32));" +
      "console.log('parsed', r.length, r[0].e164); await closePhonePool();";
    const r = spawnSync(process.execPath, ['--max-semi-space-size=32', '--stack-size=2000', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toContain('ERR_WORKER_INVALID_EXEC_ARGV');
    expect(r.stdout).toContain('parsed 3000 +12012000001');
  });
});
