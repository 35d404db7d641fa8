" Description: `sshcfg lint` as a plain command linter for Vim's filetype
" sshconfig, for when a language server is not wanted. It reads the buffer on
" standard input (as /dev/stdin, so relative Includes resolve from ~/.ssh, as ssh
" resolves them in a user configuration).
"
" Options:
"   g:ale_sshconfig_sshcfg_lint_executable  the sshcfg binary (default 'sshcfg')
"   g:ale_sshconfig_sshcfg_lint_options     more flags, e.g. '--target-openssh 9.2'

call ale#Set('sshconfig_sshcfg_lint_executable', 'sshcfg')
call ale#Set('sshconfig_sshcfg_lint_options', '')

" A gcc-format line: FILE:LINE:COL: LEVEL: MESSAGE [ID]
let s:pattern = '\v^/dev/stdin:(\d+):(\d+): (error|warning|note): (.*) \[([A-Z]+[0-9]+)\]$'

" Turns `sshcfg lint --format gcc` output into ALE's loclist; findings in included
" files (named by their own path) are left to the buffers of those files.
function! ale_linters#sshconfig#sshcfg_lint#Handle(buffer, lines) abort
    let l:type = {'error': 'E', 'warning': 'W', 'note': 'I'}
    let l:output = []

    for l:match in ale#util#GetMatches(a:lines, s:pattern)
        call add(l:output, {
        \   'lnum': str2nr(l:match[1]),
        \   'col': str2nr(l:match[2]),
        \   'type': l:type[l:match[3]],
        \   'text': l:match[4],
        \   'code': l:match[5],
        \})
    endfor

    return l:output
endfunction

call ale#linter#Define('sshconfig', {
\   'name': 'sshcfg_lint',
\   'executable': {b -> ale#Var(b, 'sshconfig_sshcfg_lint_executable')},
\   'command': {b -> '%e lint --format gcc'
\       . ale#Pad(ale#Var(b, 'sshconfig_sshcfg_lint_options'))
\       . ' /dev/stdin'},
\   'callback': 'ale_linters#sshconfig#sshcfg_lint#Handle',
\})
