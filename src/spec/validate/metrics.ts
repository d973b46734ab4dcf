/**
 * @module spec/validate/metrics
 * Argo's checks of a template's Prometheus metrics: names and label keys are Prometheus names without
 * `:`, a help string is required, and each metric kind has a value.
 */
import type { Template } from '../types.ts';
import { Invalid, type Loc } from './context.ts';

const metricName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function checkMetrics(tmpl: Template, loc: Loc): void {
  const name = tmpl.name ?? '';
  const metrics = (tmpl.metrics as { prometheus?: Record<string, unknown>[] } | undefined)?.prometheus ?? [];
  for (const [i, m] of metrics.entries()) {
    const at = { doc: loc.doc, path: [...loc.path, 'metrics', 'prometheus', i] };
    const mName = typeof m.name === 'string' ? m.name : '';
    if (!metricName.test(mName)) {
      throw new Invalid(
        `templates.${name} metric name '${mName}' is invalid. Metric names must contain alphanumeric characters or '_'`,
        at,
      );
    }
    for (const l of (m.labels as { key?: string }[] | undefined) ?? []) {
      if (!metricName.test(l.key ?? '')) {
        throw new Invalid(
          `metric label '${l.key ?? ''}' is invalid: keys may only contain alphanumeric characters or '_'`,
          at,
        );
      }
    }
    if (!m.help) {
      throw new Invalid(
        `templates.${name} metric '${mName}' must contain a help string under 'help: ' field`,
        at,
      );
    }
    const valueError = metricValueError(m);
    if (valueError) throw new Invalid(`templates.${name} metric '${mName}' error: ${valueError}`, at);
  }
}

function metricValueError(m: Record<string, unknown>): string | undefined {
  const gauge = m.gauge as { value?: string; realtime?: boolean } | undefined;
  if (gauge) {
    if (!gauge.value) return 'missing gauge.value';
    if (gauge.realtime && gauge.value.includes('resourcesDuration.')) {
      return "'resourcesDuration.*' metrics cannot be used in real-time";
    }
  }
  if (m.counter && !(m.counter as { value?: string }).value) return 'missing counter.value';
  if (m.histogram && !(m.histogram as { value?: string }).value) return 'missing histogram.value';
  return undefined;
}
