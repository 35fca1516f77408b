-- Drives the Bulkhead language server from Neovim's built-in LSP client (a second, independent real client).
-- Inputs come from environment variables; the outcome is written as JSON to $BULKHEAD_OUT. Waits on conditions
-- (vim.wait), never on fixed sleeps.
local config = os.getenv('BULKHEAD_CONFIG')
local file = os.getenv('BULKHEAD_FILE')
local out = os.getenv('BULKHEAD_OUT')
local result = { steps = {} }

local function finish(ok, err)
  result.ok = ok
  result.error = err
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(ok and 'qa!' or 'cquit!')
end

local function step(name) table.insert(result.steps, name) end

local ok, err = pcall(function()
  -- the README's configuration, as a user's init.lua: it starts `bulkhead lsp --stdio` when a buffer gets its filetype
  dofile(config)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'dockerfile'
  -- a buffer's clients are listed once they have initialized
  assert(vim.wait(15000, function() return next(vim.lsp.buf_get_clients(bufnr)) ~= nil end, 20),
    'the configuration attached no client to the Dockerfile')
  local client_id = next(vim.lsp.buf_get_clients(bufnr))
  result.cmd = vim.lsp.get_client_by_id(client_id).config.cmd
  step('attached')

  assert(vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20), 'no diagnostics published')
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(diags, { code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source })
  end
  result.diagnostics = diags
  step('diagnostics')

  local client = vim.lsp.get_client_by_id(client_id)
  -- hover on the ADD keyword (line 3, 0-based 2)
  local hover
  client.request('textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 2, character = 1 } }, function(e, r) hover = r or { error = e } end, bufnr)
  assert(vim.wait(10000, function() return hover ~= nil end, 20), 'no hover answer')
  result.hover = hover.contents and hover.contents.value or vim.inspect(hover)
  step('hover')

  -- code actions for the add-instead-of-copy finding, then apply the preferred one
  -- what `vim.lsp.buf.code_action()` sends: the line's diagnostics converted back to LSP form
  local target
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, 2)) do
    if d.code == 'add-instead-of-copy' then target = d end
  end
  assert(target, 'no add-instead-of-copy diagnostic')
  local actions
  client.request('textDocument/codeAction', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = target.range, context = { diagnostics = { target } } }, function(e, r) actions = r or { error = e } end, bufnr)
  assert(vim.wait(10000, function() return actions ~= nil end, 20), 'no code action answer')
  result.actions = {}
  result.actions_error = actions.error and vim.inspect(actions.error) or nil
  local chosen
  for _, a in ipairs(actions) do
    table.insert(result.actions, a.title)
    if a.isPreferred then chosen = chosen or a end
  end
  assert(chosen, 'no preferred action')
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  result.applied = chosen.title
  result.line3 = vim.api.nvim_buf_get_lines(bufnr, 2, 3, false)[1]
  step('applied')

  -- after the edit the server re-lints (didChange) and the finding disappears
  assert(vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local lsp_d = d.user_data and d.user_data.lsp
      if lsp_d and lsp_d.code == 'add-instead-of-copy' then return false end
    end
    return #vim.diagnostic.get(bufnr) > 0
  end, 20), 'add-instead-of-copy still reported after the fix')
  local after = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(after, d.user_data and d.user_data.lsp and d.user_data.lsp.code) end
  result.after = after
  step('relinted')
  vim.lsp.stop_client(client_id)
end)
finish(ok, not ok and tostring(err) or nil)
