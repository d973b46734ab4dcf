/**
 * @module test/differential/generate
 * A seeded, grammar-based generator of expr-lang expressions and govaluate `when` strings for the
 * differential test. Expressions are built by result type (int, float, string, bool, list, map, any) so
 * most are well-typed, with a share of deliberately mixed operands to exercise compile and run errors.
 * Covered: literals (all quote kinds, escapes), arithmetic and precedence, comparisons and chains,
 * `and or not && || !`, `in`/`not in`, `matches contains startsWith endsWith`, ranges, ternaries, `??`,
 * `?.`, member/index/slice access, `let`, closures with `#`/`.field`, builtins, Argo's functions and
 * `sprig.*`. Non-deterministic functions (`now`, `randAlphaNum`) and Go map iteration order
 * (`keys`, `values`) are left out on purpose.
 */

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The flat scope every generated expression runs in (as Argo would build it). */
export const differentialScope: Record<string, string | null> = {
  'inputs.parameters.n': '7',
  'inputs.parameters.f': '2.5',
  'inputs.parameters.s': 'hello world',
  'inputs.parameters.csv': 'a,b,c',
  'inputs.parameters.json': '{"a":[1,2,{"b":"x<y"}],"n":3,"name":"argo"}',
  'inputs.parameters.list': '[1,2,3]',
  'inputs.parameters.my-param': 'dash',
  item: 'apple',
  'item.key': 'k1',
  'steps.a.outputs.result': 'ok',
  'steps.b.outputs.parameters.p': null,
  'workflow.name': 'wf-1',
  'workflow.parameters.json': '[{"name":"a","value":"1"}]',
  retries: '2',
};

type Ty = 'int' | 'float' | 'string' | 'bool' | 'list' | 'map' | 'any';

export class ExprGenerator {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  /** One expression of a random type. */
  expression(): string {
    const ty = this.pick<Ty>([
      'int',
      'float',
      'string',
      'bool',
      'bool',
      'list',
      'map',
      'any',
      'string',
      'int',
    ]);
    return this.gen(ty, 3);
  }

  gen(ty: Ty, depth: number): string {
    if (depth <= 0 || this.chance(0.25)) return this.leaf(ty);
    // A share of deliberately ill-typed operands.
    const sub = (t: Ty): string =>
      this.gen(this.chance(0.06) ? this.pick<Ty>(['int', 'string', 'bool', 'list']) : t, depth - 1);
    switch (ty) {
      case 'int':
        return this.pick([
          () => `${sub('int')} ${this.pick(['+', '-', '*', '%'])} ${sub('int')}`,
          () => `(${sub('int')} + ${sub('int')}) * ${sub('int')}`,
          () => `-${sub('int')}`,
          () => `len(${this.pick([sub('string'), sub('list')])})`,
          () => `asInt(${this.pick(['inputs.parameters.n', "'12'", "'-3'", sub('string')])})`,
          () => `int(${this.pick([sub('float'), "'42'", sub('int')])})`,
          () => `count(${sub('list')}, # ${this.pick(['>', '<', '=='])} ${this.leaf('int')})`,
          () => `indexOf(${sub('string')}, ${this.leaf('string')})`,
          () => `sum(${this.leaf('list')})`,
          () => `findIndex(${sub('list')}, # == ${this.leaf('int')})`,
          () => `${sub('bool')} ? ${sub('int')} : ${sub('int')}`,
          () => `sprig.add(${sub('int')}, ${this.pick(["'3'", sub('int'), '2.9'])})`,
          () => `sprig.int(${this.pick(["'12.7'", "'x'", sub('float'), "'0x1f'"])})`,
          () => `abs(${sub('int')})`,
          () => `max(${sub('int')}, ${sub('int')})`,
          () => `let x = ${sub('int')}; x * ${sub('int')}`,
          () => `bitand(${sub('int')}, ${sub('int')})`,
          () => `${sub('list')}[${this.pick(['0', '-1', '1'])}] ?? 0`,
        ])();
      case 'float':
        return this.pick([
          () => `${sub('int')} / ${sub('int')}`,
          () => `${sub('float')} ${this.pick(['+', '-', '*'])} ${sub(this.pick(['int', 'float']))}`,
          () => `${sub('int')} ** ${this.pick(['2', '0.5', '3'])}`,
          () => `asFloat(${this.pick(['inputs.parameters.f', "'1e3'", "'x'", sub('string')])})`,
          () => `float(${sub('int')})`,
          () => `${this.pick(['ceil', 'floor', 'round', 'abs'])}(${sub('float')})`,
          () => `mean(${this.leaf('list')})`,
          () => `sprig.float64(${this.pick(["'2.5'", sub('int'), "'nope'"])})`,
        ])();
      case 'string':
        return this.pick([
          () => `${sub('string')} + ${sub('string')}`,
          () => `${this.pick(['upper', 'lower', 'trim'])}(${sub('string')})`,
          () => `replace(${sub('string')}, ${this.leaf('string')}, ${this.leaf('string')})`,
          () => `repeat(${sub('string')}, ${this.int(3)})`,
          () =>
            `join(${this.pick(['split(inputs.parameters.csv, ",")', `map(${sub('list')}, string(#))`])}, ${this.leaf('string')})`,
          () => `string(${sub(this.pick<Ty>(['int', 'float', 'bool', 'list', 'map']))})`,
          () => `toJson(${sub(this.pick<Ty>(['list', 'map', 'string', 'int', 'float']))})`,
          () => `toJSON(${sub(this.pick<Ty>(['list', 'map']))})`,
          () => `${sub('bool')} ? ${sub('string')} : ${sub('string')}`,
          () => `steps.b.outputs.parameters.p ?? ${sub('string')}`,
          () =>
            `${this.pick(['nil', 'inputs.parameters.nope', 'steps.a.outputs.result'])} ?? ${sub('string')}`,
          () =>
            `sprig.${this.pick(['upper', 'lower', 'trim', 'nospace', 'b64enc', 'sha256sum', 'squote', 'quote', 'toString'])}(${sub('string')})`,
          () => `sprig.trunc(${this.int(6)}, ${sub('string')})`,
          () => `sprig.substr(${this.int(3)}, ${this.int(6)}, ${sub('string')})`,
          () => `sprig.replace(${this.leaf('string')}, ${this.leaf('string')}, ${sub('string')})`,
          () =>
            `sprig.regexReplaceAll(${this.pick(["'o+'", "'[aeiou]'", "'(l+)'"])}, ${sub('string')}, ${this.pick(["'X'", "'<$1>'"])})`,
          () => `sprig.regexFind(${this.pick(["'l+'", "'w.r'"])}, ${sub('string')})`,
          () => `sprig.default(${this.leaf('string')}, ${this.pick(["''", 'nil', sub('string')])})`,
          () => `sprig.ternary(${this.leaf('string')}, ${this.leaf('string')}, ${sub('bool')})`,
          () => `sprig.join(${this.leaf('string')}, sprig.list(${sub('string')}, ${sub('int')}))`,
          () => `sprig.toJson(sprig.dict(${this.leaf('string')}, ${sub('any')}))`,
          () => `${sub('string')}[${this.int(3)}:${this.int(6)}]`,
          () => `inputs.parameters['my-param'] + ${sub('string')}`,
          () => `jsonpath(inputs.parameters.json, ${this.pick(["'$.name'", "'$.a[2].b'", "'$.missing'"])})`,
          () => `trimPrefix(${sub('string')}, ${this.leaf('string')})`,
          () => `fromBase64(toBase64(${sub('string')}))`,
        ])();
      case 'bool':
        return this.pick([
          () =>
            `${sub('int')} ${this.pick(['<', '>', '<=', '>=', '==', '!='])} ${sub(this.pick<Ty>(['int', 'float']))}`,
          () => `${sub('string')} ${this.pick(['==', '!=', '<', '>'])} ${sub('string')}`,
          () => `${sub('int')} < ${sub('int')} < ${sub('int')}`,
          () => `${sub('bool')} ${this.pick(['and', 'or', '&&', '||'])} ${sub('bool')}`,
          () => `${this.pick(['not ', '!'])}${sub('bool')}`,
          () =>
            `${sub('string')} ${this.pick(['matches', 'contains', 'startsWith', 'endsWith', 'not contains', 'not matches'])} ${this.pick(["'o'", "'^h'", "'d$'", "'l+o'", "'[0-9]'", sub('string')])}`,
          () => `${sub('int')} ${this.pick(['in', 'not in'])} ${sub('list')}`,
          () => `${this.leaf('string')} in ${sub('map')}`,
          () =>
            `${this.pick(['all', 'any', 'none', 'one'])}(${sub('list')}, # ${this.pick(['>', '<', '=='])} ${this.leaf('int')})`,
          () => `${this.pick(['hasPrefix', 'hasSuffix'])}(${sub('string')}, ${this.leaf('string')})`,
          () =>
            `sprig.${this.pick(['contains', 'hasPrefix', 'hasSuffix'])}(${this.leaf('string')}, ${sub('string')})`,
          () => `sprig.regexMatch(${this.pick(["'^[a-z]+$'", "'o w'", "'('"])}, ${sub('string')})`,
          () => `sprig.empty(${sub(this.pick<Ty>(['string', 'list', 'int', 'map']))})`,
          () =>
            `sprig.hasKey(${this.pick(['sprig.dict("a", 1)', 'fromJSON(inputs.parameters.json)'])}, ${this.leaf('string')})`,
          () => `asInt(inputs.parameters.n) ${this.pick(['>', '=='])} ${this.int(10)}`,
          () => `inputs.parameters.n == ${this.pick(["'7'", '7'])}`,
          () => `${sub('any')} == nil`,
        ])();
      case 'list':
        return this.pick([
          () => `[${sub('int')}, ${sub('int')}, ${sub('int')}]`,
          () => `${this.int(4)}..${this.int(6)}`,
          () => `filter(${sub('list')}, # ${this.pick(['>', '<', '!='])} ${this.leaf('int')})`,
          () => `map(${sub('list')}, # * ${this.leaf('int')})`,
          () => `map(${this.pick(['[{a: 1}, {a: 2}]', 'fromJSON(\'[{"a":5},{"a":6}]\')'])}, .a)`,
          () => `split(${sub('string')}, ${this.pick(["','", "' '", "'l'"])})`,
          () => `${sub('list')}[${this.int(2)}:${this.pick(['', '2', '-1'])}]`,
          () => `fromJSON(inputs.parameters.list)`,
          () => `sprig.list(${sub('int')}, ${sub('string')})`,
          () => `sprig.splitList(',', inputs.parameters.csv)`,
          () => `${this.pick(['reverse', 'uniq', 'sort', 'flatten'])}(${sub('list')})`,
          () => `concat(${sub('list')}, ${sub('list')})`,
          () => `sortBy(${sub('list')}, ${this.pick(['#', '-#'])})`,
          () => `take(${sub('list')}, ${this.int(3)})`,
          () => `jsonpath(inputs.parameters.json, '$.a')`,
        ])();
      case 'map':
        return this.pick([
          () => `{a: ${sub('int')}, 'b-c': ${sub('string')}}`,
          () => `{"k": ${sub('list')}}`,
          () => `fromJSON(inputs.parameters.json)`,
          () => `sprig.dict(${this.leaf('string')}, ${sub('int')})`,
          () => `fromPairs([[${this.leaf('string')}, ${sub('int')}]])`,
        ])();
      case 'any':
        return this.pick([
          () => `${sub('map')}.a`,
          () => `${sub('map')}?.a`,
          () => `${sub('map')}['b-c']`,
          () => `${sub('list')}[${this.pick(['0', '-1', '5', '1'])}]`,
          () => `fromJSON(inputs.parameters.json).a[${this.int(4)}]`,
          () => `first(${sub('list')})`,
          () => `last(${sub('list')})`,
          () => `get(${sub('list')}, ${this.int(5)})`,
          () => `find(${sub('list')}, # > ${this.leaf('int')})`,
          () => `reduce(${sub('list')}, #acc + #, ${this.leaf('int')})`,
          () => `inputs.parameters${this.pick(['.s', "['s']", '?.s', '.nope', '.nope?.x'])}`,
          () => `${this.pick(['item', 'retries', 'workflow.name', 'steps.a.outputs.result'])}`,
          () => `sprig.coalesce(${this.pick(["''", 'nil'])}, ${sub('string')})`,
          () => `jsonpath(inputs.parameters.json, '$.n')`,
        ])();
    }
  }

  leaf(ty: Ty): string {
    switch (ty) {
      case 'int':
        return this.pick([
          '0',
          '1',
          '2',
          '3',
          '7',
          '10',
          '42',
          '-5',
          '1_000',
          '0x1F',
          '0b101',
          'asInt(inputs.parameters.n)',
        ]);
      case 'float':
        return this.pick([
          '1.5',
          '0.25',
          '2.0',
          '1e3',
          '.5',
          '3.14159',
          'asFloat(inputs.parameters.f)',
          '1e-7',
          '1e21',
        ]);
      case 'string':
        return this.pick([
          "'hello'",
          '"world"',
          "'o'",
          "''",
          '"a\\tb"',
          "'it\\'s'",
          '"\\u00e9t\\u00e9"',
          '`raw\\n`',
          "'<&>'",
          'inputs.parameters.s',
          'inputs.parameters.csv',
          'item',
          'workflow.name',
          "'x\"y'",
        ]);
      case 'bool':
        return this.pick(['true', 'false', '1 < 2', "'a' == 'a'"]);
      case 'list':
        return this.pick(['[1, 2, 3]', '[]', '[1.5, 2]', "['a', 'b']", '[3, 1, 2]', '[[1], [2, 3]]', '1..3']);
      case 'map':
        return this.pick(["{a: 1, 'b-c': 'x'}", '{}', '{"a": [1, 2]}']);
      case 'any':
        return this.pick(['nil', 'item', '{a: 1}.a', 'inputs.parameters.n']);
    }
  }

  /** A govaluate `when` string as it looks after substitution. */
  when(): string {
    const depth = 3;
    const atom = (): string =>
      this.pick([
        () => this.pick(['tails', 'heads', 'Succeeded', 'Failed', 'true', 'false', 'yes']),
        () => String(this.int(20)),
        () => this.pick(['1.5', '0.5', '10', '100']),
        () => this.pick(["'hello'", '"world"', "'a b'", '"5"']),
      ])();
    const cmp = (): string =>
      this.pick([
        () => `${atom()} ${this.pick(['==', '!='])} ${atom()}`,
        () =>
          `${this.pick(['5', '10', '3.5', '1'])} ${this.pick(['<', '>', '<=', '>='])} ${this.pick(['5', '10', '7', '0.5'])}`,
        () => `${this.pick(["'abc'", "'b'"])} ${this.pick(['<', '>'])} ${this.pick(["'abd'", "'a'"])}`,
        () =>
          `${this.pick(["'hello'", "'Failed'"])} ${this.pick(['=~', '!~'])} ${this.pick(["'^h'", "'l+'", "'^F'", "'x$'"])}`,
        () => `${atom()} in (${atom()}, ${atom()})`,
        () => `${this.pick(['true', 'false'])}`,
        () => `!(${this.pick(['true', 'false', '1 == 1'])})`,
        () => `${this.pick(['2', '3'])} + ${this.pick(['2', '3'])} == ${this.pick(['4', '5', '6'])}`,
      ])();
    const build = (d: number): string => {
      if (d <= 0 || this.chance(0.4)) return cmp();
      return this.pick([
        () => `${build(d - 1)} ${this.pick(['&&', '||'])} ${build(d - 1)}`,
        () => `(${build(d - 1)})`,
      ])();
    };
    if (this.chance(0.12)) {
      return this.pick([
        'tails',
        'a b == c',
        'v1.2 == v1.2',
        'my-value == my-value',
        '$x == 1',
        '{{item}} == 1',
        '5 +',
        "'unclosed == x",
        '(true',
        '1 == 1 ?',
        'abc == "abc"',
        '[x y] == x',
        '_x == y',
        '2 > "1"',
        "'a' + 1 == 'a1'",
        'true && 5',
        '10 / 4 == 2.5',
        '0x1F == 31',
      ]);
    }
    return build(depth);
  }
}
