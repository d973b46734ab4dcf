/**
 * @module spec/validate/artifact-location
 * Argo's validateArtifactLocation: a git artifact needs a repo; an HDFS one needs addresses, an absolute
 * path and a user or Kerberos settings (workflow/artifacts/hdfs ValidateArtifact).
 */
import type { ArtifactLocation } from '../types.ts';
import { Invalid, type Loc } from './context.ts';

export function checkArtifactLocation(prefix: string, a: ArtifactLocation | undefined, at: Loc): void {
  if (!a) return;
  if (a.git && !(a.git as { repo?: string }).repo) throw new Invalid(`${prefix}.git.repo is required`, at);
  const h = a.hdfs as
    | {
        addresses?: string[];
        path?: string;
        hdfsUser?: string;
        krbCCacheSecret?: unknown;
        krbKeytabSecret?: unknown;
        krbServicePrincipalName?: string;
        krbConfigConfigMap?: unknown;
        krbUsername?: string;
        krbRealm?: string;
      }
    | undefined;
  if (h) {
    const p = `${prefix}.hdfs`;
    if (!h.addresses?.length) throw new Invalid(`${p}.addresses is required`, at);
    if (!h.path) throw new Invalid(`${p}.path is required`, at);
    if (!h.path.startsWith('/')) throw new Invalid(`${p}.path must be a absolute file path`, at);
    const ccache = !!h.krbCCacheSecret;
    const keytab = !!h.krbKeytabSecret;
    if (!h.hdfsUser && !ccache && !keytab) {
      throw new Invalid(`either ${p}.hdfsUser, ${p}.krbCCacheSecret or ${p}.krbKeytabSecret is required`, at);
    }
    if (keytab && (!h.krbServicePrincipalName || !h.krbConfigConfigMap || !h.krbUsername || !h.krbRealm)) {
      throw new Invalid(
        `${p}.krbServicePrincipalName, ${p}.krbConfigConfigMap, ${p}.krbUsername and ${p}.krbRealm are required with ${p}.krbKeytabSecret`,
        at,
      );
    }
    if (ccache && (!h.krbServicePrincipalName || !h.krbConfigConfigMap)) {
      throw new Invalid(
        `${p}.krbServicePrincipalName and ${p}.krbConfigConfigMap are required with ${p}.krbCCacheSecret`,
        at,
      );
    }
  }
}
