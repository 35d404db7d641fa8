package resolve

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/sshcfg/sshcfg/pattern"
)

// TestNameIndexFindsEveryMatch checks that a lookup returns every block one of whose
// patterns matches the name (it may return more), with few keys (compared one by one)
// and many (hashed), literal keys with and without a common prefix.
func TestNameIndexFindsEveryMatch(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "b", "ab", "-", ".", "web-", "db-", ".corp", "1", "x"}
	word := func(n int) string {
		s := ""
		for i := 0; i < n; i++ {
			s += alphabet[rng.Intn(len(alphabet))]
		}
		return s
	}
	patternOf := func() string {
		switch rng.Intn(6) {
		case 0:
			return word(1+rng.Intn(3)) + "*"
		case 1:
			return "*" + word(1+rng.Intn(3))
		case 2:
			return word(rng.Intn(3)) + "*" + word(rng.Intn(3))
		case 3:
			return word(rng.Intn(2)) + "?" + word(rng.Intn(3))
		default:
			return word(1 + rng.Intn(3))
		}
	}
	for _, blocks := range []int{1, 3, fewAffixes, 40} {
		for round := 0; round < 50; round++ {
			var ix nameIndex
			pats := make([][]string, blocks)
			for b := range pats {
				for k := 0; k <= rng.Intn(3); k++ {
					p := patternOf()
					pats[b] = append(pats[b], p)
					ix.add(p, b)
				}
			}
			ix.seal()
			for q := 0; q < 200; q++ {
				name := word(rng.Intn(5))
				found := ix.lookup(name, nil)
				for b, ps := range pats {
					for _, p := range ps {
						if pattern.Match(name, p) && !slices.Contains(found, b) {
							t.Fatalf("%s: block %d (%q) matches %q but the lookup gave %v", fmt.Sprint(pats), b, p, name, found)
						}
					}
				}
			}
		}
	}
}
