package parser

// SameLine is sameLine for the tests of package parser_test.
var SameLine = sameLine
