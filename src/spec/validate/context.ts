/**
 * @module spec/validate/context
 * Shared vocabulary of the semantic validator (the part of `argo lint` that runs after decoding):
 * where a problem is (`Loc`), the first-error-wins exception it travels in (`Invalid`), the template
 * being validated with its place (`TemplateHandle`), the template search context (`TemplateContext`,
 * Argo's templateresolution.Context) and the arguments a template is called with (`ArgsProvider`).
 */
import type { FieldPath } from '../field-path.ts';
import type { TemplateIndex } from '../template-index.ts';
import type { Arguments, Artifact, Parameter, Template, WorkflowSpec } from '../types.ts';

/** A place in a manifest: the manifest object (identity) and a field path inside it. */
export interface Loc {
  doc: object;
  path: FieldPath;
}

/**
 * A validation failure. Argo stops at the first error of an object and prefixes it on the way out
 * ("templates.main.steps[0].a " + inner message); `Invalid` carries the message and the innermost place.
 */
export class Invalid extends Error {
  readonly loc: Loc;

  constructor(message: string, loc: Loc) {
    super(message);
    this.loc = loc;
  }

  /** The same failure with `prefix ` in front; if it happened in another document, placed at `here`. */
  within(prefix: string, here: Loc, sep = ' '): Invalid {
    return new Invalid(`${prefix}${sep}${this.message}`, this.loc.doc === here.doc ? this.loc : here);
  }

  /** The same message, placed at `here` when it happened in another document. */
  relocate(here: Loc): Invalid {
    return this.loc.doc === here.doc ? this : new Invalid(this.message, here);
  }
}

/** A template and where it is written. */
export interface TemplateHandle {
  tmpl: Template;
  loc: Loc;
}

/** The object whose `spec.templates` local template names are looked up in (Argo's template base). */
export interface TemplateBase {
  /** `local` for the manifest being linted, `namespaced`/`cluster` for referenced templates. */
  scope: 'local' | 'namespaced' | 'cluster';
  name: string;
  spec: WorkflowSpec;
  doc: object;
  /** Path of `spec` in `doc` (`['spec']`, or `['spec','workflowSpec']` for a CronWorkflow). */
  specPath: FieldPath;
}

export interface TemplateContext {
  base: TemplateBase;
  index: TemplateIndex;
  /** Namespace references are resolved in. */
  namespace: string;
}

/** What a template is called with: the real arguments of a step, or Argo's FakeArguments. */
export type ArgsProvider = { fake: true } | { fake: false; args: Arguments | undefined };

export const fakeArgs: ArgsProvider = { fake: true };

export function realArgs(args: Arguments | undefined): ArgsProvider {
  return { fake: false, args };
}

export function argParameter(p: ArgsProvider, name: string): Parameter | undefined {
  if (p.fake) return { name, value: placeholder };
  return p.args?.parameters?.find((x) => x.name === name);
}

export function argArtifact(p: ArgsProvider, name: string): Artifact | undefined {
  if (p.fake) return { name };
  return p.args?.artifacts?.find((x) => x.name === name);
}

/** Stands for a value only known at run time (Argo's placeholder generator). */
export const placeholder = '\u0000placeholder\u0000';

export interface ValidateOptions {
  /** `argo lint` (true) or a submission (false): lint allows workflow arguments without values. */
  lint: boolean;
  /** Validating a (Cluster)WorkflowTemplate on its own: `workflow.parameters.*` may come from the caller. */
  workflowTemplateValidation: boolean;
  /** No entrypoint to start from (templates without one). */
  ignoreEntrypoint: boolean;
}

/**
 * State of one manifest's validation (Argo's templateValidationCtx): the global variables known so far
 * (they grow as outputs with `globalName` are met) and the templates already validated.
 */
export interface ValidationState {
  opts: ValidateOptions;
  /** Global variable → its value when known at lint time (`null` = only known at run time). */
  globals: Map<string, string | null>;
  /** `<template scope>/<template id>` of the templates whose body has been validated. */
  done: Set<string>;
}

/** The validator's entry points that step and DAG validation call back into. */
export interface TemplateValidator {
  state: ValidationState;
  validateTemplateHolder(
    holder: Holder,
    at: Loc,
    ctx: TemplateContext,
    args: ArgsProvider,
  ): TemplateHandle | undefined;
}

/** Anything that names a template: a step, a DAG task, a hook, an entrypoint. */
export interface Holder {
  template?: string;
  templateRef?: { name: string; template: string; clusterScope?: boolean };
  inline?: Template;
}
