package resolve

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoMessageTextDecisions keeps ssh's words in Diagnostic.SSH: no code of resolve
// passes a Message field to a function of package strings (HasPrefix, Contains, Cut…),
// and none compares a Message with a string literal. Behaviour follows codes and data,
// never sshcfg's sentences for people.
func TestNoMessageTextDecisions(t *testing.T) {
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if fn, ok := n.Fun.(*ast.SelectorExpr); ok {
					if pkg, ok := fn.X.(*ast.Ident); ok && pkg.Name == "strings" {
						for _, a := range n.Args {
							if isMessageField(a) {
								t.Errorf("%s: strings.%s on a Message", fset.Position(n.Pos()), fn.Sel.Name)
							}
						}
					}
				}
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) &&
					(isMessageField(n.X) && isString(n.Y) || isMessageField(n.Y) && isString(n.X)) {
					t.Errorf("%s: a Message compared with a string", fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
}

func isMessageField(e ast.Expr) bool {
	s, ok := e.(*ast.SelectorExpr)
	return ok && s.Sel.Name == "Message"
}
