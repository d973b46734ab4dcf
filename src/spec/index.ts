/**
 * @module spec
 * The public face of `spec/`: loading manifests with positions, linting them like `argo lint`,
 * normalizing, and resolving template references. Argo's types are in `./types.ts`.
 */
export type { Diagnostic } from './diagnostic.ts';
export { formatDiagnostic, InvalidManifestError } from './diagnostic.ts';
export { type FieldPath, formatPath, type PathSegment } from './field-path.ts';
export { type FormatOptions, formatLintReport, type LintFormat } from './lint/format-report.ts';
export {
  type LintFileResult,
  type LintOptions,
  type LintReport,
  lintPaths,
  selectKinds,
} from './lint/lint-paths.ts';
export { loadTemplateIndex } from './load-templates.ts';
export { type LoadedWorkflowFile, type LoadWorkflowOptions, loadWorkflowFile } from './load-workflow-file.ts';
export { anyStringOf, formatGoFloat, normalize } from './normalize.ts';
export { execSpec, resolveWorkflow } from './resolve-workflow.ts';
export { SourceMap } from './source-map.ts';
export { applyTemplateDefaults } from './template-defaults.ts';
export { missingOwnerMessage, TemplateIndex, templateScope } from './template-index.ts';
export * from './types.ts';
export { validateManifest } from './validate/validate-manifest.ts';
export { isArgoManifest, type LoadedDocument, parseManifests } from './yaml-load.ts';
