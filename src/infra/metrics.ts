import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server; each server has its own registry (tests run several in one process). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  asks: Counter<'sampler'>;
  askDuration: Histogram<'sampler'>;
  tells: Counter<'state'>;
  tellDuration: Histogram;
  samplerFallbacks: Counter<'sampler' | 'reason'>;
  modelFits: Counter<'sampler'>;
  reapedTrials: Counter;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Creates the registry with process defaults and baytune's counters and histograms. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const r = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'baytune_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: r }),
    httpDuration: new Histogram({ name: 'baytune_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS, registers: r }),
    asks: new Counter({ name: 'baytune_ask_total', help: 'Trials handed out by ask', labelNames: ['sampler'], registers: r }),
    askDuration: new Histogram({ name: 'baytune_ask_duration_seconds', help: 'Latency of one ask (sampler included)', labelNames: ['sampler'], buckets: LATENCY_BUCKETS, registers: r }),
    tells: new Counter({ name: 'baytune_tell_total', help: 'Trials finished by tell', labelNames: ['state'], registers: r }),
    tellDuration: new Histogram({ name: 'baytune_tell_duration_seconds', help: 'Latency of one tell', buckets: LATENCY_BUCKETS, registers: r }),
    samplerFallbacks: new Counter({ name: 'baytune_sampler_fallbacks_total', help: 'Suggestions made by a cheaper strategy than the study asked for', labelNames: ['sampler', 'reason'], registers: r }),
    modelFits: new Counter({ name: 'baytune_model_fits_total', help: 'Study models built by sampler jobs (GP fits; concurrent asks of a study share one; a search\'s own models beyond a converged basin are not counted)', labelNames: ['sampler'], registers: r }),
    reapedTrials: new Counter({ name: 'baytune_reaped_trials_total', help: 'RUNNING trials failed because their lease expired', registers: r }),
  };
}
