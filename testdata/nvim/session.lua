-- session.lua drives `sshcfg lsp` from headless Neovim 0.7 (see cmd/sshcfg/nvim_test.go).
-- Run as: SERVER=… OUT=… nvim --headless --clean -c 'luafile session.lua' ~/.ssh/config
-- It goes through one editing session and writes what the editor saw as JSON to $OUT;
-- the Go test asserts. Every wait polls a condition with a bound; a step that times out
-- records an error and the session goes on to shut the server down.

local out = { errors = {} }
local bufnr = vim.api.nvim_get_current_buf()
local published = {} -- every publishDiagnostics of this buffer, in order of arrival
local exit_code

local function fail(step, what)
  table.insert(out.errors, step .. ': ' .. what)
end

-- find returns the 0-based line and byte column of the first match of the Lua pattern
-- pat in the buffer (offset moves the column); it raises an error when nothing matches.
local function find(pat, offset)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(pat)
    if col then
      return i - 1, col - 1 + (offset or 0)
    end
  end
  error('no line matches ' .. pat)
end

local function text()
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

local function params_at(line, col)
  return {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = line, character = col }, -- the tests' lines are ASCII: bytes = UTF-16
  }
end

-- request sends a request and returns the client's result, or nil after recording why not.
local function request(step, method, params)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, 5000)
  if not res then
    fail(step, 'no answer: ' .. tostring(err))
    return nil
  end
  for _, r in pairs(res) do
    if r.err then
      fail(step, vim.inspect(r.err))
      return nil
    end
    return r.result
  end
  fail(step, 'no client answered')
end

-- diagnostics returns the codes and 0-based lines of the latest publication.
local function diagnostics()
  local last = published[#published]
  local list = {}
  for _, d in ipairs(last.diagnostics) do
    table.insert(list, { code = d.code, line = d.range.start.line, message = d.message })
  end
  return list
end

-- codes returns the sorted "CODE:line" strings of a publication.
local function codes(pub)
  local list = {}
  for _, d in ipairs(pub.diagnostics) do
    table.insert(list, d.code .. ':' .. d.range.start.line)
  end
  table.sort(list)
  return table.concat(list, ' ')
end

-- settled waits for the diagnostics of the buffer's current version and, when expect is
-- given ("CODE:line" strings, sorted, space-separated), until they are those: the server
-- may publish a quick first stage before the full lint of the same version.
local function settled(step, expect)
  local ok = vim.wait(5000, function()
    local last = published[#published]
    return last ~= nil and last.version == vim.lsp.util.buf_versions[bufnr] and (expect == nil or codes(last) == expect)
  end, 10)
  if not ok then
    fail(step, 'no diagnostics for version ' .. tostring(vim.lsp.util.buf_versions[bufnr]))
  end
  return ok
end

local function location(l)
  return { file = vim.uri_to_fname(l.uri or l.targetUri), line = (l.range or l.targetSelectionRange).start.line }
end

local client_id = vim.lsp.start_client({
  name = 'sshcfg',
  cmd = { os.getenv('SERVER'), 'lsp' },
  root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':h'),
  flags = { debounce_text_changes = 0 },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, res, ctx, cfg)
      if vim.uri_to_bufnr(res.uri) == bufnr then
        table.insert(published, res)
      end
      return vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, cfg)
    end,
  },
  on_exit = function(code)
    exit_code = code
  end,
})

local function session()
  vim.lsp.buf_attach_client(bufnr, client_id) -- didOpen once initialized
  if not vim.wait(5000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c and c.initialized
  end, 10) then
    return fail('initialize', 'the client did not initialize')
  end
  out.encoding = vim.lsp.get_client_by_id(client_id).offset_encoding

  -- diagnostics of the file as opened
  if not settled('open', os.getenv('EXPECT_OPEN')) then
    return
  end
  out.open = diagnostics()
  out.open_shown = #vim.diagnostic.get(bufnr)

  -- an edit that removes one finding
  local row = find('StrictHostKeyChecking no')
  vim.api.nvim_buf_set_lines(bufnr, row, row + 1, false, { '    StrictHostKeyChecking yes' })
  if not settled('edit', os.getenv('EXPECT_EDIT')) then
    return
  end
  out.edited = diagnostics()

  -- hover on the alias of a Host line
  local hr = request('hover', 'textDocument/hover', params_at(find('^Host web', 5)))
  out.hover = hr and hr.contents and (hr.contents.value or hr.contents) or nil

  -- completion of a keyword prefix
  local cr = request('completion', 'textDocument/completion', params_at(find('User dbadmin', 2)))
  out.completion = {}
  for _, item in ipairs(cr and (cr.items or cr) or {}) do
    table.insert(out.completion, item.label)
  end

  -- definition of the Include argument
  local dr = request('definition', 'textDocument/definition', params_at(find('inc%.conf', 1)))
  out.definition = {}
  for _, l in ipairs(dr and (dr.uri and { dr } or dr) or {}) do
    table.insert(out.definition, location(l))
  end

  -- references of a host alias, from its use in ProxyJump
  local rp = params_at(find('ProxyJump web', 11))
  rp.context = { includeDeclaration = true }
  out.references = {}
  for _, l in ipairs(request('references', 'textDocument/references', rp) or {}) do
    table.insert(out.references, location(l))
  end

  -- the outline
  out.symbols = {}
  local sr = request('symbols', 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(bufnr) })
  for _, s in ipairs(sr or {}) do
    table.insert(out.symbols, s.name)
  end

  -- formatting, applied to the buffer
  local fr = request('formatting', 'textDocument/formatting', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    options = { tabSize = 4, insertSpaces = true },
  })
  if fr then
    vim.lsp.util.apply_text_edits(fr, bufnr, out.encoding)
  end
  out.formatted = text()
  if not settled('formatting') then
    return
  end

  -- the did-you-mean quick fix on the misspelt keyword
  local frow = find('Hostnmae')
  local ap = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = frow, character = 4 }, ['end'] = { line = frow, character = 4 } },
    context = { diagnostics = {} },
  }
  for _, d in ipairs(published[#published].diagnostics) do
    if d.range.start.line == frow then
      table.insert(ap.context.diagnostics, d)
    end
  end
  out.actions = {}
  local chosen
  for _, a in ipairs(request('codeAction', 'textDocument/codeAction', ap) or {}) do
    table.insert(out.actions, a.title)
    if a.kind == 'quickfix' and a.isPreferred then
      chosen = chosen or a
    end
  end
  if chosen and chosen.edit then
    vim.lsp.util.apply_workspace_edit(chosen.edit, out.encoding)
  end
  out.fixed = text()
  if settled('quickfix', os.getenv('EXPECT_FINAL')) then
    out.final = diagnostics()
  end
end

local ok, err = pcall(session)
if not ok then
  fail('session', tostring(err))
end

-- shutdown and exit
vim.lsp.stop_client(client_id)
if not vim.wait(5000, function() return exit_code ~= nil end, 10) then
  fail('exit', 'the server did not exit')
end
out.exit_code = exit_code

local f = assert(io.open(os.getenv('OUT'), 'w'))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')
