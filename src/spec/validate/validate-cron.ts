/**
 * @module spec/validate/validate-cron
 * Argo's validate.CronWorkflow: name length, schedules, timezone, concurrency policy, starting deadline,
 * then the Workflow the CronWorkflow would create, validated with submission rules.
 */
import type { FieldPath } from '../field-path.ts';
import type { TemplateIndex } from '../template-index.ts';
import type { CronWorkflow, WorkflowSpec } from '../types.ts';
import { Invalid, type Loc } from './context.ts';
import { cronScheduleError, isTimeZone } from './cron-schedule.ts';
import { type Subject, validateWorkflow } from './validate-workflow.ts';

const maxCronNameLength = 52;
const concurrencyPolicies = ['', 'Allow', 'Forbid', 'Replace'];

export function validateCron(
  cron: CronWorkflow,
  index: TemplateIndex,
  subject: (
    spec: WorkflowSpec,
    specPath: FieldPath,
    l?: Record<string, string>,
    a?: Record<string, string>,
  ) => Subject,
): void {
  const name = cron.metadata?.name ?? '';
  const at = (...path: (string | number)[]): Loc => ({ doc: cron, path });
  if (name.length > maxCronNameLength) {
    throw new Invalid(
      `cron workflow name ${JSON.stringify(name)} must not be more than ${maxCronNameLength} characters long (currently ${name.length})`,
      at('metadata', 'name'),
    );
  }
  const spec = cron.spec ?? ({} as CronWorkflow['spec']);
  const schedules = spec.schedules ?? [];
  if (schedules.length === 0) throw new Invalid('cron workflow must have at least one schedule', at('spec'));
  for (const [i, s] of schedules.entries()) {
    const err = cronScheduleError(s);
    if (err) throw new Invalid(`cron schedule ${s} is malformed: ${err}`, at('spec', 'schedules', i));
  }
  if (spec.timezone && !isTimeZone(spec.timezone)) {
    throw new Invalid(
      `invalid timezone ${JSON.stringify(spec.timezone)}: unknown time zone ${spec.timezone}`,
      at('spec', 'timezone'),
    );
  }
  if (!concurrencyPolicies.includes(spec.concurrencyPolicy ?? '')) {
    throw new Invalid(
      `'${spec.concurrencyPolicy}' is not a valid concurrencyPolicy`,
      at('spec', 'concurrencyPolicy'),
    );
  }
  if (typeof spec.startingDeadlineSeconds === 'number' && spec.startingDeadlineSeconds < 0) {
    throw new Invalid('startingDeadlineSeconds must be positive', at('spec', 'startingDeadlineSeconds'));
  }
  // Argo validates the Workflow the CronWorkflow would create, with submission rules.
  const wm = spec.workflowMetadata ?? {};
  const labels = { ...(wm.labels ?? {}), 'workflows.argoproj.io/cron-workflow': name };
  const annotations = { ...(wm.annotations ?? {}), 'workflows.argoproj.io/scheduled-time': '' };
  const s = subject(spec.workflowSpec ?? {}, ['spec', 'workflowSpec'], labels, annotations);
  try {
    validateWorkflow(
      { ...s, name: '' },
      index,
      { lint: false, workflowTemplateValidation: false, ignoreEntrypoint: false },
      false,
    );
  } catch (e) {
    if (e instanceof Invalid) throw new Invalid(`cannot validate Workflow: ${e.message}`, e.loc);
    throw e;
  }
}
