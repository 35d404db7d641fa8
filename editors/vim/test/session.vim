" Drives ALE in a headless Vim (vim -N -u NONE -i NONE -Es -S session.vim FILE)
" and writes what it saw as JSON to $OUT. The environment names the pieces:
"   ALE      ALE's runtime directory (/usr/share/vim-ale on Debian)
"   EDITORS  editors/vim of this repository (and editors/vim/lint when
"            LINTER is sshcfg_lint)
"   LINTER   the linter to run: sshcfg (the language server) or sshcfg_lint
"   SERVER   the sshcfg binary
"   OPTIONS  the linter's options, none when empty: JSON for
"            g:ale_sshconfig_sshcfg_options (the server's initializationOptions),
"            or flags for g:ale_sshconfig_sshcfg_lint_options
"   EXPECT   the findings to wait for, "CODE:LNUM ..." sorted; a server may first
"            publish a quick stage, so waiting for any finding is not enough
"   EXPECT_EDIT  the same once line 4 reads StrictHostKeyChecking yes
"   OUT      where the results go
" Each wait is bounded: polling every 50 ms for at most 10 s.

let s:result = {'errors': []}

function! s:Findings(loclist) abort
    return map(copy(a:loclist), {_, v -> {
    \   'code': get(v, 'code', ''),
    \   'lnum': v.lnum,
    \   'col': v.col,
    \   'type': v.type,
    \   'text': v.text,
    \   'linter': get(v, 'linter_name', ''),
    \}})
endfunction

function! s:Key(loclist) abort
    return join(sort(map(copy(a:loclist), {_, v -> get(v, 'code', '') . ':' . v.lnum})), ' ')
endfunction

" Polls the current buffer's ALE findings until their key is want, for at most
" 10 s, and returns them.
function! s:WaitFor(want) abort
    let l:start = reltime()
    while s:Key(ale#engine#GetLoclist(bufnr(''))) isnot# a:want
    \ && reltimefloat(reltime(l:start)) < 10
        sleep 50m
    endwhile
    return s:Findings(ale#engine#GetLoclist(bufnr('')))
endfunction

try
    let &runtimepath = join([$ALE, $EDITORS, &runtimepath], ',')
    if $LINTER is# 'sshcfg_lint'
        let &runtimepath .= ',' . $EDITORS . '/lint'
    endif
    filetype on
    let g:ale_linters_explicit = 1
    let g:ale_linters = {'sshconfig': [$LINTER]}
    let g:ale_sshconfig_sshcfg_executable = $SERVER
    let g:ale_sshconfig_sshcfg_lint_executable = $SERVER
    if !empty($OPTIONS) && $LINTER is# 'sshcfg'
        let g:ale_sshconfig_sshcfg_options = json_decode($OPTIONS)
    elseif !empty($OPTIONS)
        let g:ale_sshconfig_sshcfg_lint_options = $OPTIONS
    endif
    runtime plugin/ale.vim

    " the file named on the command line was loaded before ALE; edit it again so
    " that ALE sees it open
    let s:file = expand('%:p')
    execute 'edit! ' . fnameescape(s:file)
    let s:result.filetype = &filetype

    let s:result.linters = map(ale#linter#Get('sshconfig'), {_, l -> {
    \   'name': l.name,
    \   'lsp': l.lsp,
    \   'command': type(l.command) is v:t_func ? l.command(bufnr('')) : l.command,
    \}})

    let s:result.findings = s:WaitFor($EXPECT)

    " an edit, unsaved; ex mode has no main loop to fire TextChanged, so ask for
    " the lint as a user would with :ALELint
    call setline(4, '    StrictHostKeyChecking yes')
    ALELint
    let s:result.edited = s:WaitFor($EXPECT_EDIT)
catch
    call add(s:result.errors, v:exception . ' at ' . v:throwpoint)
endtry

call writefile([json_encode(s:result)], $OUT)
qall!
