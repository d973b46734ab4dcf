/**
 * @module emissary/runtimes/process/step-env
 * The environment a step starts with: exactly the container's `env`, plus a PATH and a HOME when the
 * container sets none (what a container image would provide). Nothing leaks in from the emissary's own
 * environment.
 */

/** The PATH of a typical Linux image (Docker's default). */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function stepEnv(
  env: { name: string; value: string }[],
  defaults: { home: string; pathSuffix?: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of env) out[name] = value;
  out.PATH ??= defaults.pathSuffix ? `${defaultPath}:${defaults.pathSuffix}` : defaultPath;
  out.HOME ??= defaults.home;
  return out;
}
