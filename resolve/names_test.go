package resolve

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// nameChecksAllowed are the functions that may compare a .Name field with a string:
// both look at the spelling as written (lower case), not at a keyword's behaviour.
var nameChecksAllowed = map[string]bool{
	"parser/tree.go:IsBlockHeader": true, // "host" / "match" as written
}

// TestNoKeywordNameSwitches keeps behaviour in the keyword table: no code of resolve or
// parser compares a Name field with a string literal or switches on one with string cases
// (use a column of keyword.Keyword, or the ID constants for one-keyword rules).
func TestNoKeywordNameSwitches(t *testing.T) {
	fset := token.NewFileSet()
	for dir, pkg := range map[string]string{".": "resolve", "../parser": "parser"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			rel := pkg + "/" + filepath.Base(path)
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || nameChecksAllowed[rel+":"+fn.Name.Name] {
					continue
				}
				ast.Inspect(fn, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.BinaryExpr:
						if (n.Op == token.EQL || n.Op == token.NEQ) &&
							(isNameField(n.X) && isString(n.Y) || isNameField(n.Y) && isString(n.X)) {
							t.Errorf("%s: %s compares a Name with a string", fset.Position(n.Pos()), fn.Name.Name)
						}
					case *ast.SwitchStmt:
						if isNameField(n.Tag) {
							t.Errorf("%s: %s switches on a Name", fset.Position(n.Pos()), fn.Name.Name)
						}
					}
					return true
				})
			}
		}
	}
}

func isNameField(e ast.Expr) bool {
	s, ok := e.(*ast.SelectorExpr)
	return ok && s.Sel.Name == "Name"
}

func isString(e ast.Expr) bool {
	l, ok := e.(*ast.BasicLit)
	return ok && l.Kind == token.STRING
}
