import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './http/app';
import { answerClientError } from './http/client-error';
import type { ServerConfig } from './infra/config';
import { createLogger, type Logger } from './infra/logger';
import { createMetrics, type Metrics } from './infra/metrics';
import { fallbackKind, type ServiceObserver } from './service/observer';
import { SamplerPool, samplerThreadEntry } from './runtime/sampler-pool';
import { StudyService } from './service/study-service';
import { migrateStorage, openStorage } from './storage/open-storage';
import { extraMounts } from './mounts';
import { loadedPlugins } from './plugins/load-plugins';

/** A running server: its URL, its service (for embedding tests) and a graceful close. */
export interface RunningServer {
  url: string;
  service: StudyService;
  logger: Logger;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), closes the storage. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The composition root: the only place that picks a concrete storage. Opens the storage (which
 * refuses a schema it does not know), builds service and app, listens, and starts the lease reaper.
 * Model-based samplers run on the sampler pool's threads when running compiled (see SamplerPool);
 * from TypeScript sources (tests), inline.
 */
export async function startServer(config: ServerConfig, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const storage = await openStorage(config.database);
  const metrics = createMetrics();
  const entry = samplerThreadEntry();
  const samplerRunner = entry === null ? undefined : new SamplerPool(entry, config.samplerThreads, loadedPlugins());
  const service = new StudyService(storage, { askDeadlineMs: config.askDeadlineMs, observer: observer(metrics, logger), samplerRunner });
  const app = createApp({ service, metrics, logger, tokens: config.tokens, bodyLimitBytes: config.bodyLimitBytes, mounts: extraMounts(service) });
  const server = await listen(app, config);
  const reaper = setInterval(() => {
    service.reapExpiredLeases().catch((err: unknown) => logger.warn({ err }, 'lease reaper failed; will retry'));
  }, config.reapIntervalMs);
  reaper.unref();
  const forgetter = setInterval(() => {
    service.forgetAskRequests(config.askKeyRetentionMs).catch((err: unknown) => logger.warn({ err }, 'forgetting old ask keys failed; will retry'));
  }, Math.min(config.askKeyRetentionMs, 600_000));
  forgetter.unref();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    service,
    logger,
    close: async (graceMs = 10_000) => {
      clearInterval(reaper);
      clearInterval(forgetter);
      await closeServer(server, graceMs);
      await service.close();
    },
  };
}

function listen(app: ReturnType<typeof createApp>, config: ServerConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
    server.requestTimeout = 60_000;
    server.headersTimeout = 20_000;
    server.keepAliveTimeout = 5_000;
    server.on('clientError', answerClientError);
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function observer(metrics: Metrics, logger: Logger): ServiceObserver {
  return {
    asked: (sampler, trials, seconds) => {
      metrics.asks.inc({ sampler }, trials);
      metrics.askDuration.observe({ sampler }, seconds);
    },
    told: (state, seconds) => {
      metrics.tells.inc({ state });
      metrics.tellDuration.observe(seconds);
    },
    fellBack: (sampler, reason, studyId) => {
      metrics.samplerFallbacks.inc({ sampler, reason: fallbackKind(reason) });
      logger.warn({ study_id: studyId, sampler, reason }, 'sampler fell back to a cheaper strategy');
    },
    fitted: (sampler, models) => {
      if (models > 0) metrics.modelFits.inc({ sampler }, models);
    },
    reaped: (ids) => {
      metrics.reapedTrials.inc(ids.length);
      logger.warn({ trial_ids: ids }, 'failed trials whose lease expired');
    },
  };
}

/** Brings a database's schema to the code's version (`baytune migrate`); returns both versions. */
export async function migrateDatabase(location: string): Promise<{ from: number; to: number }> {
  return migrateStorage(location);
}
