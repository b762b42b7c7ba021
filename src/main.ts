import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirInUseError } from './db/client.js';
import { resumeStaleImports } from './modules/imports/import-runner.js';
import { resumeStaleFanouts } from './modules/campaigns/fanout.js';
import { closePhonePool } from './modules/imports/phone-pool.js';
import { startDispatcher } from './modules/messaging/dispatcher.js';
import { startWebhookWorker } from './modules/webhooks/worker.js';
import { startTwilioInboundWorker } from './modules/twilio-compat/inbound-hooks.worker.js';
import { startStatusCallbackWorker } from './modules/twilio-compat/status-callbacks.service.js';
import { startServices } from './server.js';
import { startMetricsServer } from './modules/metrics/metrics.server.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function main() {
  // Whatever this process writes (the embedded database, generated secrets) is its owner's alone.
  process.umask(0o077);
  const config = readConfig();
  const { ctx, log, embeddedSimulator } = await startServices(config);
  const runApi = config.role !== 'worker';
  const runWorker = config.role !== 'api';
  let shuttingDown = false;
  const app = runApi ? await buildApp(ctx, { web: true, isShuttingDown: () => shuttingDown }) : null;
  // ROLE=worker has no API server: its counters (dispatch, carrier errors, job failures) get their own
  // /metrics, listening before any work starts (a taken METRICS_PORT stops the start, nothing claimed).
  const metrics = !app && config.metricsToken ? await startMetricsServer(ctx, { port: config.metricsPort, host: config.host }) : null;
  if (metrics) log.info(`Worker metrics at ${metrics.url}`);
  // Handlers of clients that already went away still run: shutdown waits for them too.
  let inFlight = 0;
  app?.addHook('onRequest', async () => void inFlight++);
  app?.addHook('onResponse', async () => void inFlight--);
  const drained = async (deadline: number) => {
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };
  let dispatcher: { stop: () => Promise<void> } | null = null;
  let webhooks: { stop: () => Promise<void> } | null = null;
  let twilioInbound: { stop: () => Promise<void> } | null = null;
  let twilioCallbacks: { stop: () => Promise<void> } | null = null;
  if (runWorker) {
    await ctx.jobs.work();
    // Embedded database: this is the only process, so a "running" import was orphaned by a stop.
    await resumeStaleImports(ctx, ctx.database.kind === 'pglite' ? 0 : undefined);
    await resumeStaleFanouts(ctx, ctx.database.kind === 'pglite' ? 0 : undefined);
    dispatcher = startDispatcher(ctx, log);
    webhooks = startWebhookWorker(ctx, log);
    twilioInbound = startTwilioInboundWorker(ctx, log);
    twilioCallbacks = startStatusCallbackWorker(ctx, log);
  }
  if (app) {
    await app.listen({ port: config.port, host: config.host });
    log.info(`West Message is running at ${config.publicUrl} (database: ${ctx.database.kind}, role: ${config.role})`);
    if (ctx.database.kind === 'pglite') {
      log.info(`Operator outbox: ${config.publicUrl}/operator/outbox (operator token in ${config.dataDir}/operator.token)`);
    }
  } else {
    log.info(`West Message worker started (database: ${ctx.database.kind})`);
  }

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down: no new work, finishing what is in flight');
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    try {
      await app?.close(); // stops accepting connections, waits for in-flight requests
      await drained(Date.now() + config.shutdownTimeoutMs / 2);
      await dispatcher?.stop(); // finishes the batch in hand; claims of a killed process expire
      await webhooks?.stop(); // waits for deliveries in flight (each bounded by WEBHOOK_TIMEOUT_MS)
      await twilioInbound?.stop(); // the same for Twilio-compatible inbound webhooks
      await twilioCallbacks?.stop(); // the Twilio-compatible status callbacks, the same way
      await metrics?.close();
      await embeddedSimulator?.close();
      await ctx.jobs.stop(); // waits for running jobs
      await closePhonePool();
      await ctx.database.close();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  // A DATA_DIR another server holds: the message says what to do, a stack would only hide it.
  console.error(err instanceof DataDirInUseError ? err.message : err);
  process.exit(1);
});
