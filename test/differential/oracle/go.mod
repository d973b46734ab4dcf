// The differential oracle: expr-lang, govaluate and sprig at exactly the versions Argo Workflows pins
// (go.mod of argoproj/argo-workflows v4.1), wired the way Argo wires them. Test tooling only.
module nuncio.dev/differential-oracle

go 1.25.0

require (
	github.com/Knetic/govaluate v3.0.1-0.20250325060307-7625b7f8c03d+incompatible
	github.com/Masterminds/sprig/v3 v3.3.0
	github.com/evilmonkeyinc/jsonpath v0.8.1
	github.com/expr-lang/expr v1.17.8
)

require (
	dario.cat/mergo v1.0.2 // indirect
	github.com/Masterminds/goutils v1.1.1 // indirect
	github.com/Masterminds/semver/v3 v3.4.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/huandu/xstrings v1.5.0 // indirect
	github.com/mitchellh/copystructure v1.2.0 // indirect
	github.com/mitchellh/reflectwalk v1.0.2 // indirect
	github.com/shopspring/decimal v1.4.0 // indirect
	github.com/spf13/cast v1.10.0 // indirect
	golang.org/x/crypto v0.50.0 // indirect
)
