/**
 * @module emissary/runtimes/process/step-env
 * The environment a step starts with: exactly the container's `env`, plus a PATH and a HOME when the
 * container sets none (what a container image would provide), a HOSTNAME, the pod's name, as a
 * container runtime sets it, and Argo's `ARGO_PROGRESS_FILE` when the step has one. Nothing leaks in from
 * the emissary's own environment.
 */

/** The variable that names the file a step may write its progress (`N/M` lines) to, as in Argo. */
export const progressFileVar = 'ARGO_PROGRESS_FILE';

/** The PATH of a typical Linux image (Docker's default). */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A pod's name as a host name: a kernel host name is at most 64 bytes, and pod names may be longer. */
export function hostnameOf(podName: string | undefined): string | undefined {
  return podName?.slice(0, 63).replace(/[-.]+$/, '') || undefined;
}

export function stepEnv(
  env: { name: string; value: string }[],
  defaults: { home: string; pathSuffix?: string; hostname?: string | undefined; progressFile?: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of env) out[name] = value;
  out.PATH ??= defaults.pathSuffix ? `${defaultPath}:${defaults.pathSuffix}` : defaultPath;
  out.HOME ??= defaults.home;
  if (defaults.hostname) out.HOSTNAME ??= defaults.hostname;
  if (defaults.progressFile) out[progressFileVar] ??= defaults.progressFile;
  return out;
}
