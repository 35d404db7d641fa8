" Description: sshcfg's language server (`sshcfg lsp`) for OpenSSH client
" configuration files, Vim's filetype sshconfig.
"
" Options:
"   g:ale_sshconfig_sshcfg_executable  the sshcfg binary (default 'sshcfg')
"   g:ale_sshconfig_sshcfg_options     initializationOptions sent to the server,
"       e.g. {'targetOpenSSH': '9.2', 'rules': {'SC4001': 'off'}}
" Each can be set per buffer too (b:ale_sshconfig_sshcfg_...).

call ale#Set('sshconfig_sshcfg_executable', 'sshcfg')
call ale#Set('sshconfig_sshcfg_options', {})

" The project root is the directory holding the nearest .sshcfg.toml (the project
" file lint reads), else the file's own directory: a configuration in ~/.ssh has no
" repository around it, and ALE will not start a server without a root.
function! ale_linters#sshconfig#sshcfg#GetProjectRoot(buffer) abort
    let l:project = ale#path#FindNearestFile(a:buffer, '.sshcfg.toml')

    if !empty(l:project)
        return fnamemodify(l:project, ':h')
    endif

    return expand('#' . a:buffer . ':p:h')
endfunction

function! ale_linters#sshconfig#sshcfg#GetOptions(buffer) abort
    return ale#Var(a:buffer, 'sshconfig_sshcfg_options')
endfunction

call ale#linter#Define('sshconfig', {
\   'name': 'sshcfg',
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'sshconfig_sshcfg_executable')},
\   'command': '%e lsp',
\   'project_root': function('ale_linters#sshconfig#sshcfg#GetProjectRoot'),
\   'initialization_options': function('ale_linters#sshconfig#sshcfg#GetOptions'),
\})
