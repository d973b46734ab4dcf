// Command oracle evaluates expressions the way Argo Workflows does, for nuncio's differential test.
//
// It reads JSON lines {"kind": "expr"|"when", "source": "...", "env": {"flat.key": "value"|null}} on stdin
// and writes one JSON line per input: {"ok": true, "value": <typed>} or {"ok": false, "error": "..."}.
// Typed values keep Go's int/float distinction: {"int": "5"}, {"float": "1.5"}, strings, booleans, null,
// arrays, objects, and {"other": "<%v>"} for anything else.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/Knetic/govaluate"
	sprig "github.com/Masterminds/sprig/v3"
	"github.com/evilmonkeyinc/jsonpath"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/builtin"
)

type request struct {
	Kind   string             `json:"kind"`
	Source string             `json:"source"`
	Env    map[string]*string `json:"env"`
}

type response struct {
	OK    bool   `json:"ok"`
	Value any    `json:"value,omitempty"`
	Error string `json:"error,omitempty"`
}

// sprigFuncs is Sprig's generic function map without the two functions that read the process environment.
var sprigFuncs = func() map[string]any {
	m := sprig.GenericFuncMap()
	delete(m, "env")
	delete(m, "expandenv")
	return m
}()

// nest turns flat dotted keys into nested maps, dropping a key when a more specific one extends it.
func nest(flat map[string]any) map[string]any {
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string]any{}
	for i, k := range keys {
		if i+1 < len(keys) && strings.HasPrefix(keys[i+1], k+".") {
			continue
		}
		parts := strings.Split(k, ".")
		cur := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		cur[parts[len(parts)-1]] = flat[k]
	}
	return out
}

func environment(flat map[string]*string) map[string]any {
	m := map[string]any{}
	for k, v := range flat {
		if v == nil {
			m[k] = nil
		} else {
			m[k] = *v
		}
	}
	env := nest(m)
	env["asInt"] = builtin.Int
	env["asFloat"] = builtin.Float
	env["jsonpath"] = func(doc string, path string) any {
		var parsed any
		if err := json.Unmarshal([]byte(doc), &parsed); err != nil {
			panic(err)
		}
		v, err := jsonpath.Query(path, parsed)
		if err != nil {
			panic(err)
		}
		return v
	}
	env["toJson"] = func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	env["sprig"] = sprigFuncs
	return env
}

// typed renders a Go value so that the TypeScript side can tell ints from floats.
func typed(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool, string:
		return x
	case int:
		return map[string]string{"int": strconv.FormatInt(int64(x), 10)}
	case int64:
		return map[string]string{"int": strconv.FormatInt(x, 10)}
	case int32:
		return map[string]string{"int": strconv.FormatInt(int64(x), 10)}
	case uint8:
		// A byte read out of a string (s[i], or iterating a string in a closure) prints as a number.
		return map[string]string{"int": strconv.FormatInt(int64(x), 10)}
	case uint64:
		return map[string]string{"int": strconv.FormatUint(x, 10)}
	case float64:
		return map[string]string{"float": strconv.FormatFloat(x, 'g', -1, 64)}
	case float32:
		return map[string]string{"float": strconv.FormatFloat(float64(x), 'g', -1, 64)}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = typed(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = typed(e)
		}
		return out
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = typed(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = typed(e)
		}
		return map[string]any{"map": out}
	case map[any]any:
		out := map[string]any{}
		for k, e := range x {
			out[fmt.Sprintf("%v", k)] = typed(e)
		}
		return map[string]any{"map": out}
	default:
		return map[string]string{"other": fmt.Sprintf("%v", x)}
	}
}

func evalExpr(source string, env map[string]any) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	program, err := expr.Compile(source, expr.Env(env))
	if err != nil {
		return nil, err
	}
	return expr.Run(program, env)
}

// evalWhen follows the controller's ShouldExecute: parse with govaluate, turn every variable token into a
// string literal, evaluate without parameters, and require a boolean.
func evalWhen(when string) (any, error) {
	if when == "" {
		return true, nil
	}
	expression, err := govaluate.NewEvaluableExpression(when)
	if err != nil {
		if strings.Contains(err.Error(), "Invalid token") {
			return nil, fmt.Errorf("Invalid 'when' expression '%s': %v (hint: try wrapping the affected expression in quotes (\"))", when, err)
		}
		return nil, fmt.Errorf("Invalid 'when' expression '%s': %v", when, err)
	}
	tokens := expression.Tokens()
	for i, tok := range tokens {
		if tok.Kind == govaluate.VARIABLE {
			tok.Kind = govaluate.STRING
			tokens[i] = tok
		}
	}
	expression, err = govaluate.NewEvaluableExpressionFromTokens(tokens)
	if err != nil {
		return nil, fmt.Errorf("Failed to parse 'when' expression '%s': %v", when, err)
	}
	result, err := expression.Evaluate(nil)
	if err != nil {
		return nil, fmt.Errorf("Failed to evaluate 'when' expresion '%s': %v", when, err)
	}
	b, ok := result.(bool)
	if !ok {
		return nil, fmt.Errorf("Expected boolean evaluation for '%s'. Got %v", when, result)
	}
	return b, nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			_ = enc.Encode(response{Error: "bad request: " + err.Error()})
			continue
		}
		var v any
		var err error
		switch req.Kind {
		case "when":
			v, err = evalWhen(req.Source)
		default:
			v, err = evalExpr(req.Source, environment(req.Env))
		}
		if err != nil {
			_ = enc.Encode(response{Error: err.Error()})
			continue
		}
		_ = enc.Encode(response{OK: true, Value: typed(v)})
	}
}
