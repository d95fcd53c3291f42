import { PdkError } from '../errors.js'
import type { PluginMetrics } from '../plugin/types.js'
import type { HostEndpoint, MetricKind } from '../transport/protocol.js'

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** `ctx.metrics`: instruments are synchronous for the plugin; the host exports them as `pdk_plugin_<name>`. */
export function createMetricsClient(host: HostEndpoint): PluginMetrics {
  const define = (kind: MetricKind, name: string, help: string, buckets?: number[]) => {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new PdkError('PDK_INVALID_ARGUMENT', `Metric name ${JSON.stringify(name)} is not a Prometheus name.`, {
        hint: 'Use letters, digits and underscores, starting with a letter: `requests_total`.',
      })
    }
    host.defineMetric(kind, name, String(help ?? ''), buckets)
  }
  return {
    counter(name, help) {
      define('counter', name, help)
      return { inc: (value = 1, labels) => host.record(name, value, labels) }
    },
    gauge(name, help) {
      define('gauge', name, help)
      return { set: (value, labels) => host.record(name, value, labels) }
    },
    histogram(name, help, buckets) {
      define('histogram', name, help, buckets)
      return { observe: (value, labels) => host.record(name, value, labels) }
    },
  }
}
