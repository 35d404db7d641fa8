-- The sshcfg server for Neovim 0.11's vim.lsp.config: with this directory on
-- 'runtimepath', `vim.lsp.enable('sshcfg')` starts it for sshconfig buffers, rooted at the
-- file's directory. Settings: vim.lsp.config('sshcfg', { init_options = {…} }).
return {
  cmd = { 'sshcfg', 'lsp' },
  filetypes = { 'sshconfig' },
  root_dir = function(bufnr, on_dir)
    on_dir(vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h'))
  end,
  settings = { sshcfg = {} },
}
