/**
 * @module spec/template-index
 * Holds the WorkflowTemplates and ClusterWorkflowTemplates that workflows may reference, and resolves a
 * step's `templateRef {name, template, clusterScope}` to the Template and the object that owns it.
 *
 * Namespaces: a WorkflowTemplate is found in the namespace asked for; one written without a namespace
 * (as most files are) is found from any namespace, because on one machine "the current namespace" is
 * wherever the file is used. ClusterWorkflowTemplates have no namespace.
 */
import { NotFoundError } from '../errors/index.ts';
import type { Template, TemplateRef, WorkflowTemplate } from './types.ts';

export class TemplateIndex {
  /** WorkflowTemplates by name; several may share a name across namespaces. */
  private readonly namespaced = new Map<string, WorkflowTemplate[]>();
  private readonly cluster = new Map<string, WorkflowTemplate>();

  /**
   * Adds a WorkflowTemplate or ClusterWorkflowTemplate. One with the same kind, name and namespace as an
   * earlier one replaces it (the later file wins).
   */
  add(doc: WorkflowTemplate): void {
    const name = doc.metadata?.name ?? '';
    if (doc.kind === 'ClusterWorkflowTemplate') {
      this.cluster.set(name, doc);
      return;
    }
    const ns = doc.metadata?.namespace ?? '';
    const same = (this.namespaced.get(name) ?? []).filter((d) => (d.metadata?.namespace ?? '') !== ns);
    this.namespaced.set(name, [...same, doc]);
  }

  addAll(docs: Iterable<WorkflowTemplate>): void {
    for (const d of docs) this.add(d);
  }

  /** The (Cluster)WorkflowTemplate called `name`, or undefined. */
  get(name: string, clusterScope: boolean, namespace?: string): WorkflowTemplate | undefined {
    if (clusterScope) return this.cluster.get(name);
    const candidates = this.namespaced.get(name) ?? [];
    if (namespace === undefined || namespace === '') return candidates[0];
    return (
      candidates.find((d) => d.metadata?.namespace === namespace) ??
      candidates.find((d) => (d.metadata?.namespace ?? '') === '')
    );
  }

  /**
   * Resolves a templateRef. Throws NotFoundError with Argo's messages when the owner or the template is
   * missing.
   */
  resolveRef(ref: TemplateRef, namespace?: string): { template: Template; owner: WorkflowTemplate } {
    const owner = this.get(ref.name, !!ref.clusterScope, namespace);
    if (!owner) throw new NotFoundError(missingOwnerMessage(ref.name, !!ref.clusterScope, namespace));
    const template = templatesOf(owner).find((t) => t?.name === ref.template);
    if (!template) {
      throw new NotFoundError(`template ${ref.template} not found in workflow template ${ref.name}`, {
        hint: `${owner.kind} "${ref.name}" has templates: ${templateNames(owner)}`,
      });
    }
    return { template, owner };
  }

  /** Every template held, cluster-scoped ones last. */
  all(): WorkflowTemplate[] {
    return [...[...this.namespaced.values()].flat(), ...this.cluster.values()];
  }

  get size(): number {
    return this.all().length;
  }

  /** An independent index with the same contents (adding to it leaves this one unchanged). */
  clone(): TemplateIndex {
    const copy = new TemplateIndex();
    copy.addAll(this.all());
    return copy;
  }
}

/** Argo's `templateScope` of a node whose template came from `owner`. */
export function templateScope(owner: WorkflowTemplate): string {
  const name = owner.metadata?.name ?? '';
  return owner.kind === 'ClusterWorkflowTemplate' ? `cluster/${name}` : `namespaced/${name}`;
}

/** What `argo lint --offline` says when a referenced template was not among the files. */
export function missingOwnerMessage(name: string, clusterScope: boolean, namespace?: string): string {
  return clusterScope
    ? `couldn't find cluster workflow template "${name}"`
    : `couldn't find workflow template "${name}" in namespace "${namespace ?? ''}"`;
}

/** The owner's templates; an owner added without checking its shape may hold anything there. */
function templatesOf(owner: WorkflowTemplate): Template[] {
  const list: unknown = owner.spec?.templates;
  return Array.isArray(list) ? (list as Template[]) : [];
}

function templateNames(owner: WorkflowTemplate): string {
  const names = templatesOf(owner).map((t) => t?.name ?? '');
  return names.length ? names.join(', ') : '(none)';
}
