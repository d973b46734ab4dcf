/**
 * Reads the conformance catalog and golden expectations from `../shared/conformance` and selects the
 * examples nuncio must run: every one the catalog marks host-runnable with a definite expected phase,
 * plus those that are not host-runnable only because they use the argosay image (which nuncio's process
 * runtime serves with a built-in shim).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const conformanceDir =
  process.env.NUNCIO_CONFORMANCE_DIR ?? resolve(repoRoot, '..', 'shared', 'conformance');
export const examplesDir = join(conformanceDir, 'argo-examples');

export interface CatalogRow {
  path: string;
  kind: string;
  templateTypes: string;
  features: string;
  images: string;
  hostRunnable: string;
  hostNotes: string;
  expectedPhase: string;
  noTestLabel: string;
  expectNotes: string;
}

export interface Golden {
  file: string;
  phase: string | null;
  pods: [string, string][] | null;
  other_nodes: [string, string, string][];
  outputs: [string, string, string][];
  wf_outputs: [string, string][];
  logs: [string, string][];
}

/** Host notes that the argosay shim (and the process runtime) take care of. */
const argosayOnly =
  /^(image:argoproj\/argosay(:v\d+)?|image-default-entrypoint|cmd:argosay|abs-mount-path|volumes|artifact-repo)$/;

export function readCatalog(): CatalogRow[] {
  const lines = readFileSync(join(conformanceDir, 'catalog.tsv'), 'utf8').trimEnd().split('\n');
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return {
      path: c[0]!,
      kind: c[1]!,
      templateTypes: c[2]!,
      features: c[3]!,
      images: c[4]!,
      hostRunnable: c[5]!,
      hostNotes: c[6]!,
      expectedPhase: c[7]!,
      noTestLabel: c[8]!,
      expectNotes: c[9] ?? '',
    };
  });
}

export function selected(rows: CatalogRow[]): CatalogRow[] {
  return rows.filter((r) => {
    if (r.expectedPhase.startsWith('n/a')) return false;
    if (r.hostRunnable === 'yes') return true;
    if (r.hostRunnable !== 'no') return false;
    const notes = r.hostNotes.split(';');
    return (
      notes.some((n) => n.startsWith('image:argoproj/argosay') || n === 'cmd:argosay') &&
      notes.every((n) => argosayOnly.test(n))
    );
  });
}

export function readGolden(): Map<string, Golden> {
  const out = new Map<string, Golden>();
  for (const line of readFileSync(join(conformanceDir, 'golden.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const g = JSON.parse(line) as Golden;
    out.set(g.file, g);
  }
  return out;
}
