/** Tests of normalize: AnyString fields become strings formatted as Argo's Go code formats them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoFloat, normalize } from './normalize.ts';

describe('normalize', () => {
  it("turns AnyString numbers and booleans into the strings Argo's Go code makes of them", () => {
    const wf = {
      kind: 'Workflow',
      spec: {
        arguments: { parameters: [{ name: 'n', value: 3, enum: [1, 2.5, true], description: false }] },
        templates: [
          {
            name: 't',
            inputs: { parameters: [{ name: 'p', default: 0.1, valueFrom: { default: 10 } }] },
            container: { image: 'x', args: ['1'] },
            steps: [
              [{ name: 's', arguments: { parameters: [{ name: 'p', value: 1e21 }] }, withItems: [1, true] }],
            ],
          },
        ],
      },
    };
    const out = normalize(wf);
    assert.deepEqual(out.spec.arguments.parameters[0], {
      name: 'n',
      value: '3',
      enum: ['1', '2.5', 'true'],
      description: 'false',
    });
    assert.deepEqual(out.spec.templates[0]?.inputs.parameters[0], {
      name: 'p',
      default: '0.1',
      valueFrom: { default: '10' },
    });
    const step = out.spec.templates[0]?.steps[0]?.[0];
    assert.equal(step?.arguments.parameters[0]?.value, '1000000000000000000000');
    assert.deepEqual(step?.withItems, [1, true], 'items keep their JSON types');
    assert.equal(wf.spec.arguments.parameters[0]?.value, 3, 'the input is not modified');
  });

  it('makes null list items of object type empty objects, as Go decodes them', () => {
    const out = normalize({
      kind: 'Workflow',
      spec: { templates: [null], arguments: { parameters: [null] } },
    });
    assert.deepEqual(out.spec, { templates: [{}], arguments: { parameters: [{}] } });
  });

  it('leaves documents of other kinds alone', () => {
    const cm = { kind: 'ConfigMap', data: { a: 1 } };
    assert.equal(normalize(cm), cm);
  });

  it("formats floats like strconv.FormatFloat(v, 'f', -1, 64)", () => {
    assert.deepEqual([1, -2.5, 0.1, 1e-7, 1e21, 12345678901234567000, 1.5e300 / 1e300].map(formatGoFloat), [
      '1',
      '-2.5',
      '0.1',
      '0.0000001',
      '1000000000000000000000',
      '12345678901234567000',
      '1.5',
    ]);
  });
});
