package glob

// match reports whether name matches the compiled pattern component pat[p:pend]. A
// bracket expression is read up to its opEnd even when that lies beyond pend (ssh does
// so when a '/' inside the brackets split the component). A '*' remembers where to
// resume, so a failure retries from the last star one byte further on, without
// recursion.
func match(name string, pat []char, p, pend int) bool {
	n := 0
	starP, starN := -1, -1
loop:
	for p < pend {
		c := pat[p]
		p++
		switch c {
		case opAll:
			for p < pend && pat[p] == opAll {
				p++
			}
			if p == pend {
				return true
			}
			if n == len(name) {
				return false
			}
			starP, starN = p-1, n+1
		case opOne:
			if n == len(name) {
				goto fail
			}
			n++
		case opSet:
			if n == len(name) {
				goto fail
			}
			if !inSet(char(name[n]), pat, &p) {
				goto fail
			}
			n++
		default:
			if n == len(name) || char(name[n]) != c {
				goto fail
			}
			n++
		}
	}
	if n == len(name) {
		return true
	}
fail:
	if starN < 0 {
		return false
	}
	p, n = starP, starN
	goto loop
}

// inSet reports whether byte k is matched by the bracket expression whose body starts
// at pat[*pp]; it leaves *pp after the expression's opEnd.
func inSet(k char, pat []char, pp *int) bool {
	p := *pp
	negate := pat[p] == opNot
	if negate {
		p++
	}
	in := false
	for {
		c := pat[p]
		p++
		if c == opEnd {
			break
		}
		if c == opClass {
			if idx := int(pat[p]); idx < len(classes) && classes[idx].is(byte(k)) {
				in = true
			}
			p++
		}
		if pat[p] == opRange {
			if c <= k && k <= pat[p+1] {
				in = true
			}
			p += 2
		} else if c == k {
			in = true
		}
	}
	*pp = p
	return in != negate
}
