// Package lint finds problems in OpenSSH client configuration by resolving it the way ssh
// does: every host the configuration names is resolved (tolerantly, and without ever
// running a command the configuration names), and small rules look at the parsed files
// and at the typed, provenance-carrying results of package resolve.
//
// Every finding is a diag.Diagnostic whose Code is the slug of a code in diag's one
// registry: the parser's (SC1xxx) and the resolver's (SC2xxx) problems are reported as
// they are, and each rule of this package registers its own (SC3xxx and up) with its
// documentation. Levels map from severities: Error is "error", Warning "warning", Info
// and Hint "note"; notes never fail a run.
//
//	res, err := lint.Run(ctx, lint.Options{ConfigFile: "testdata/demo/config", Env: env})
//	for _, f := range res.Findings { ... }
package lint
