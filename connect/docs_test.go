package connect

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDocsListUnsupportedOptions keeps the table of docs/connect.md in step with
// unsupportedOptions.
func TestDocsListUnsupportedOptions(t *testing.T) {
	b, err := os.ReadFile("../docs/connect.md")
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- unsupported table:", "<!-- end of unsupported table -->"
	doc := string(b)
	i, j := strings.Index(doc, start), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatal("docs/connect.md has no unsupported table markers")
	}
	body := doc[i:j]
	body = body[strings.Index(body, "\n")+1:]
	var want strings.Builder
	want.WriteString("| Option | When | What happens instead |\n|---|---|---|\n")
	for _, u := range unsupportedOptions {
		fmt.Fprintf(&want, "| `%s` | %s | %s |\n", u.id.Keyword().Name, u.when.name, u.effect)
	}
	if body != want.String() {
		t.Errorf("docs/connect.md's table is stale; it should read:\n%s", want.String())
	}
}
