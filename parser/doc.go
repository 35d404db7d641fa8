// Package parser reads ssh_config files into a lossless syntax tree.
//
// Every byte of the input — indentation, '=' separators, quotes, backslashes, comments,
// CRLF line ends, a byte-order mark, NUL bytes, a missing final newline — belongs to a
// token, so printing the tree ([File.Bytes]) gives the input back exactly, and formatting
// or quick fixes are edits of the source. Positions are byte offsets ([diag.Span]); a
// line index turns them into line:column.
//
// Lines are cut the way OpenSSH's readconf.c cuts them (strdelim for the keyword,
// argv_split for the arguments), following the chosen [keyword.Dialect]. Values are
// checked against the keyword table as ssh checks them, so a diagnostic is reported
// wherever ssh would refuse a line — even inside a Host block that does not apply.
//
// [Parse] never fails and does no I/O: bad lines carry positioned diagnostics and
// parsing goes on. Include lines are nodes; reading the files is the resolver's job.
//
// A tree is mostly its lines, so a [Line] is kept small (48 bytes): positions are 32-bit
// offsets and byte-sized distances behind methods ([Line.Span], [Line.KeySpan],
// [Line.Rest], [Arg.Span]), the keyword is its table ID ([Line.Keyword]), the arguments
// live in slabs shared by the lines of a file ([Line.Args]), decoded values are boxed
// from slabs too (or share the argument they repeat, or a value boxed once), and what
// few lines have (diagnostics, an unknown keyword's name, far spans) is held apart. Tokens are not
// stored: [File.Tokens] and a [Tokenizer] lex a line again when asked.
//
// For editors, [File.At] tells what lies at a byte offset: the line, its Host or Match
// block, and the part of the line ([Part]: keyword, separator, which argument, comment …).
//
//	f := parser.Parse("config", src, parser.Options{})
//	for _, d := range f.Diags {
//		fmt.Println(diag.Format(d, f.LineIndex()))
//	}
package parser
