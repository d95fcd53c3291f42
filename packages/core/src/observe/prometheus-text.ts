import type { MetricsSnapshot } from '../host/host-types.js'

/** Renders a metrics snapshot in the Prometheus text exposition format (version 0.0.4). */
export function prometheusText(snapshot: MetricsSnapshot): string {
  const lines: string[] = []
  for (const family of snapshot.families) {
    if (family.series.length === 0) continue
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`)
    for (const series of family.series) {
      if (series.buckets === undefined) {
        lines.push(`${family.name}${labelText(series.labels)} ${number(series.value)}`)
        continue
      }
      for (const bucket of series.buckets) {
        const le = bucket.le === Number.POSITIVE_INFINITY ? '+Inf' : String(bucket.le)
        lines.push(`${family.name}_bucket${labelText({ ...series.labels, le })} ${bucket.count}`)
      }
      lines.push(`${family.name}_sum${labelText(series.labels)} ${number(series.value)}`)
      lines.push(`${family.name}_count${labelText(series.labels)} ${series.count ?? 0}`)
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`)
  return parts.length === 0 ? '' : `{${parts.join(',')}}`
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}
