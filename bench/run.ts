// `npm run bench [name…]`: runs the benchmarks, prints a table each and writes bench/results/*.json.
import { benchAuth } from './auth.bench.js';
import { benchImport } from './import.bench.js';
import { benchDispatch } from './dispatch.bench.js';
import { benchSend } from './send.bench.js';
import { benchCampaign } from './campaign.bench.js';
import { benchCampaignCrash } from './campaign-crash.bench.js';
import { benchExport } from './export.bench.js';
import { benchAnalytics } from './analytics.bench.js';

const all: Record<string, () => Promise<void>> = { auth: benchAuth, import: benchImport, dispatch: benchDispatch, send: benchSend, campaign: benchCampaign, 'campaign-crash': benchCampaignCrash, export: benchExport, analytics: benchAnalytics };
const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of chosen.length ? chosen : Object.keys(all)) {
  if (!all[name]) throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(all).join(', ')}`);
  await all[name]();
}
process.exit(0);
