/**
 * @module test/lint/fixtures
 * One small manifest per class of lint error. They are written to a temporary directory by the tests
 * (rather than kept as .yaml files, which the formatter would re-indent, and one of which is
 * deliberately unparsable), so the expected lines and columns below stay exact.
 */

export const fixtures: Readonly<Record<string, string>> = {
  'malformed-yaml.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: malformed-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
      args: ["echo", "unterminated]
`,
  'wrong-type.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: wrong-type-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image:
        name: alpine
      command: [echo, hello]
`,
  'unknown-field.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: unknown-field-
spec:
  entrypoint: main
  templates:
  - name: main
    contianer:
      image: alpine
      command: [echo, hello]
`,
  'unknown-template.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: unknown-template-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: hello
        template: whalesay
  - name: print
    container:
      image: alpine
      command: [echo, hello]
`,
  'duplicate-names.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: duplicate-names-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: hello
        template: print
  - name: print
    container:
      image: alpine
      command: [echo, one]
  - name: print
    container:
      image: alpine
      command: [echo, two]
`,
  'dag-cycle.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: dag-cycle-
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: A
        template: print
        dependencies: [C]
      - name: B
        template: print
        dependencies: [A]
      - name: C
        template: print
        dependencies: [B]
  - name: print
    container:
      image: alpine
      command: [echo, hello]
`,
  'undefined-variable.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: undefined-variable-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: first
        template: print
        arguments:
          parameters:
          - name: message
            value: "{{steps.second.outputs.result}}"
    - - name: second
        template: print
        arguments:
          parameters:
          - name: message
            value: hello
  - name: print
    inputs:
      parameters:
      - name: message
    container:
      image: alpine
      command: [echo, "{{inputs.parameters.message}}"]
`,
  'missing-entrypoint.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: missing-entrypoint-
spec:
  templates:
  - name: main
    container:
      image: alpine
      command: [echo, hello]
`,
  'invalid-timeout.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: invalid-timeout-
spec:
  entrypoint: main
  templates:
  - name: main
    timeout: "30"
    container:
      image: alpine
      command: [sleep, "60"]
`,
  'enum-violation.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: enum-violation-
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: color
      value: purple
      enum: [red, green, blue]
  templates:
  - name: main
    container:
      image: alpine
      command: [echo, "{{workflow.parameters.color}}"]
`,
  'missing-argument.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: missing-argument-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: hello
        template: print
  - name: print
    inputs:
      parameters:
      - name: message
    container:
      image: alpine
      command: [echo, "{{inputs.parameters.message}}"]
`,
};
