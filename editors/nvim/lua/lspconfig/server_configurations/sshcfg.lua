-- nvim-lspconfig finds the sshcfg server here; the definition is in lua/sshcfg/lspconfig.lua.
return require('sshcfg.lspconfig')
