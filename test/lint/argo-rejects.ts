/**
 * @module test/lint/argo-rejects
 * The files of Argo's own examples (argoproj/argo-workflows `examples/` at f016ad89, in
 * /work/shared/conformance/argo-examples) that Argo itself does not accept, with Argo's reason. The
 * examples test fails if one of these starts linting clean, or if any other example does not.
 */

export interface ArgoReject {
  /** Path relative to the examples directory. */
  file: string;
  /** Why Argo rejects it, with the code that does. */
  reason: string;
  /** A fragment of the message nuncio reports for it. */
  expect: string;
}

export const argoRejects: readonly ArgoReject[] = [
  {
    file: 'k8s-patch-json-workflow.yaml',
    reason:
      'metadata has two `annotations` keys. argo lint and submit decode with --strict (the default): ' +
      'util/common ParseObjects → toWorkflowTypeYAML → sigs.k8s.io/yaml YAMLToJSONStrict, which fails on ' +
      'duplicate mapping keys ("key \\"annotations\\" already set in map"); lint then drops the object, so ' +
      '`argo lint k8s-patch-json-workflow.yaml` ends with "found nothing to lint". (Upstream e2e skips the ' +
      'file: it carries workflows.argoproj.io/no-test: environment.)',
    expect: 'invalid YAML: Map keys must be unique',
  },
];
