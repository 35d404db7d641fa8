-- session.lua loads the sshcfg module as a user's init.lua would and goes through one
-- editing session in headless Neovim (see cmd/sshcfg/editor_nvim_test.go):
--   EDITOR_DIR=editors/nvim SERVER=… CONFIG=~/.ssh/config OUT=… \
--     nvim --headless --clean -c 'luafile editors/nvim/test/session.lua'
-- It writes what the editor saw as JSON to $OUT; the Go test asserts. Every wait polls a
-- condition with a bound; a step that times out records an error and the session goes
-- on to shut the server down.

local out = { errors = {} }
local exit_code, exit_signal

local function fail(step, what)
  table.insert(out.errors, step .. ': ' .. what)
end

-- what a user's init.lua holds
vim.opt.runtimepath:prepend(os.getenv('EDITOR_DIR'))
require('sshcfg').setup({
  cmd = { os.getenv('SERVER'), 'lsp' },
  settings = { targetOpenSSH = '9.2', rules = { SC1001 = 'warning', ['strict-host-key-checking-off'] = 'off' } },
  on_exit = function(code, signal)
    exit_code, exit_signal = code, signal
  end,
})

-- the file is opened after setup: the FileType autocommand attaches the client
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CONFIG')))
local bufnr = vim.api.nvim_get_current_buf()
out.filetype = vim.bo[bufnr].filetype

local function client()
  return vim.lsp.get_active_clients()[1]
end

-- shown returns the "CODE:line:severity" strings of the buffer's diagnostics, sorted.
local function shown()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, string.format('%s:%d:%d', tostring(d.code), d.lnum, d.severity))
  end
  table.sort(list)
  return table.concat(list, ' ')
end

local function session()
  if not vim.wait(5000, function()
    local c = client()
    return c ~= nil and c.initialized and vim.lsp.buf_is_attached(bufnr, c.id)
  end, 10) then
    return fail('attach', 'no initialized client attached to the buffer')
  end
  local c = client()
  out.client = { name = c.name, root_dir = c.config.root_dir, count = #vim.lsp.get_active_clients() }

  -- diagnostics, as Neovim shows them; the server may publish a quick stage first
  local expect = os.getenv('EXPECT_OPEN')
  if not vim.wait(5000, function() return shown() == expect end, 10) then
    fail('diagnostics', 'never ' .. expect)
  end
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { code = d.code, line = d.lnum, severity = d.severity, message = d.message })
  end
  table.sort(out.diagnostics, function(a, b) return a.line < b.line end)

  -- hover on the alias of a Host line
  local row
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:match('^Host web') then
      row = i - 1
    end
  end
  local res, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = row, character = 5 },
  }, 5000)
  if not res then
    return fail('hover', 'no answer: ' .. tostring(err))
  end
  for _, r in pairs(res) do
    if r.err then
      fail('hover', vim.inspect(r.err))
    elseif r.result and r.result.contents then
      out.hover = r.result.contents.value or r.result.contents
    end
  end
end

local ok, err = pcall(session)
if not ok then
  fail('session', tostring(err))
end

-- shutdown and exit
vim.lsp.stop_client(vim.lsp.get_active_clients())
if not vim.wait(5000, function() return exit_code ~= nil end, 10) then
  fail('exit', 'the server did not exit')
end
out.exit_code, out.exit_signal = exit_code, exit_signal

local f = assert(io.open(os.getenv('OUT'), 'w'))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')
