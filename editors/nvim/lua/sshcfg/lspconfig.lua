-- The nvim-lspconfig definition of the sshcfg server, found by lspconfig through
-- lua/lspconfig/server_configurations/sshcfg.lua (lspconfig before 1.0) and
-- lua/lspconfig/configs/sshcfg.lua (later) once this directory is on 'runtimepath':
--
--   require('lspconfig').sshcfg.setup{
--     settings = { sshcfg = { targetOpenSSH = '9.2', rules = { SC3005 = 'off' } } },
--     init_options = { targetOpenSSH = '9.2', rules = { SC3005 = 'off' } },
--   }
return {
  default_config = {
    cmd = { 'sshcfg', 'lsp' },
    filetypes = { 'sshconfig' },
    root_dir = function(fname)
      return vim.fn.fnamemodify(fname, ':p:h')
    end,
    single_file_support = true,
    settings = { sshcfg = {} },
  },
  docs = {
    description = [[
https://github.com/sshcfg/sshcfg

`sshcfg lsp`, a language server for OpenSSH client configuration files (~/.ssh/config):
lint diagnostics with rule ids, hover with the effective settings of a Host, completion,
definition, references, symbols, formatting, code actions and rename. Settings
(initialization options or the "sshcfg" section): targetOpenSSH, rules.
]],
  },
}
