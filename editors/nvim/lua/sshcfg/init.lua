-- sshcfg: starts the `sshcfg lsp` language server for buffers of filetype sshconfig.
--
--   require('sshcfg').setup{
--     cmd = { 'sshcfg', 'lsp' },                 -- the default
--     settings = { targetOpenSSH = '9.2', rules = { SC3005 = 'off' } },
--   }
--
-- Works with Neovim 0.8+ (vim.lsp.start) and 0.7 (vim.lsp.start_client and
-- vim.lsp.buf_attach_client, one client per directory). The settings go to the server as
-- initializationOptions and, under the "sshcfg" section, as workspace/configuration.

local M = {}

-- defaults of setup's options
M.defaults = {
  cmd = { 'sshcfg', 'lsp' },
  filetypes = { 'sshconfig' },
  settings = {},
}

local options = vim.deepcopy(M.defaults)
local clients = {} -- Neovim 0.7: client id by root directory

-- root_dir returns the directory of the buffer's file, the server's root.
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return vim.loop.cwd()
  end
  return vim.fn.fnamemodify(name, ':p:h')
end

-- config returns the client configuration for a buffer.
function M.config(bufnr)
  local root = M.root_dir(bufnr)
  return {
    name = 'sshcfg',
    cmd = options.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = options.settings,
    settings = { sshcfg = options.settings },
    capabilities = options.capabilities,
    handlers = options.handlers,
    on_attach = options.on_attach,
    on_exit = options.on_exit,
    flags = options.flags,
  }
end

-- attach starts (or reuses) the client for the buffer's directory and attaches it.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = M.config(bufnr)
  if vim.lsp.start then -- Neovim 0.8+: reuses a client of the same name and root
    -- 0.8 attaches the current buffer, later versions opts.bufnr: make them the same
    return vim.api.nvim_buf_call(bufnr, function()
      return vim.lsp.start(config, { bufnr = bufnr })
    end)
  end
  local id = clients[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      return nil
    end
    clients[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- setup records the options and attaches the server to every buffer of the filetypes,
-- those open already and those to come. Options: cmd, settings (targetOpenSSH, rules),
-- filetypes, and the client options capabilities, handlers, on_attach, on_exit, flags.
function M.setup(opts)
  options = vim.tbl_extend('force', vim.deepcopy(M.defaults), opts or {}) -- cmd and settings replace the defaults whole
  local group = vim.api.nvim_create_augroup('sshcfg', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
