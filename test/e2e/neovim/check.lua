-- Headless Neovim (0.7+, built-in LSP client) as a second real client of the language server.
-- Run by test/e2e/neovim.test.mjs:
--
--   nvim --headless --clean -c "luafile test/e2e/neovim/check.lua"
--
-- with DGT_NODE, DGT_SERVER (dist/server.js), DGT_ROOT (a copy of examples/), DGT_FILES
-- (comma-separated files to open), DGT_FIX and DGT_FIX_CODE (a file and the rule whose
-- preferred quick fix to apply; other files report the actions of their first diagnostic),
-- DGT_OUT (where to write the JSON report) and DGT_TIMEOUT_MS. Waits are vim.wait() on
-- conditions, never fixed sleeps. The report holds, per file, the diagnostics Neovim
-- received, the code actions offered for the first one, and what happened after the fix.
local env = function(name, default)
  local v = os.getenv(name)
  if v == nil or v == '' then
    return default
  end
  return v
end

local root = env('DGT_ROOT')
local out = env('DGT_OUT')
local timeout = tonumber(env('DGT_TIMEOUT_MS', '20000'))
local files = vim.split(env('DGT_FILES', ''), ',', { trimempty = true })
local fix_file = env('DGT_FIX', '')
local fix_code = env('DGT_FIX_CODE', '')
local report = { nvim = tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch), files = {}, log = {} }

local function say(msg)
  table.insert(report.log, msg)
end

local function finish(code)
  local f = assert(io.open(out, 'w'))
  f:write(vim.json.encode(report))
  f:close()
  vim.cmd((code == 0 and 'qa!') or 'cq!')
end

local ok, err = pcall(function()
  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'docker-go-traps',
    cmd = { env('DGT_NODE', 'node'), env('DGT_SERVER'), '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'examples' } },
    settings = { dockerGoTraps = { enable = true, rules = vim.empty_dict() } },
    on_exit = function(code, signal)
      exited = true
      say('server exited: ' .. tostring(code) .. '/' .. tostring(signal))
    end,
  })
  assert(client_id, 'the language server did not start')
  local client
  vim.wait(timeout, function()
    client = vim.lsp.get_client_by_id(client_id)
    return (client and client.initialized) or exited
  end, 20)
  assert(client and client.initialized, 'the language server did not initialize')
  report.server = client.server_capabilities and { codeActionProvider = client.server_capabilities.codeActionProvider ~= nil, hoverProvider = client.server_capabilities.hoverProvider == true } or {}

  local bufs = {}
  for _, rel in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. rel))
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf, client_id)
    bufs[rel] = buf
  end

  -- Neovim keeps diagnostics with byte columns; LSP wants UTF-16 ones.
  local function utf16_col(buf, line, col)
    local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1] or ''
    local _, utf16 = vim.str_utfindex(text, math.min(col, #text))
    return utf16
  end

  -- The LSP form of a diagnostic, as code action requests carry it (with its data: the fixes).
  local function to_lsp(buf, d)
    local extra = (d.user_data and d.user_data.lsp) or {}
    return vim.tbl_extend('keep', {
      range = {
        start = { line = d.lnum, character = utf16_col(buf, d.lnum, d.col) },
        ['end'] = { line = d.end_lnum, character = utf16_col(buf, d.end_lnum, d.end_col) },
      },
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code or extra.code,
    }, extra)
  end

  local function ours(buf)
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.source == 'docker-go-traps' then
        local lsp = to_lsp(buf, d)
        table.insert(list, {
          code = lsp.code,
          line = d.lnum,
          col = d.col,
          end_line = d.end_lnum,
          end_col = d.end_col,
          severity = d.severity,
          message = d.message,
          lsp = lsp,
        })
      end
    end
    return list
  end

  local all_in = vim.wait(timeout, function()
    for _, buf in pairs(bufs) do
      if #ours(buf) == 0 then
        return false
      end
    end
    return true
  end, 50)
  say('diagnostics for every file: ' .. tostring(all_in))

  for rel, buf in pairs(bufs) do
    local ds = ours(buf)
    local entry = { diagnostics = {} }
    for _, d in ipairs(ds) do
      table.insert(entry.diagnostics, { code = d.code, line = d.line, col = d.col, end_line = d.end_line, end_col = d.end_col, severity = d.severity, message = d.message })
    end
    if #ds > 0 then
      local first = ds[1]
      if rel == fix_file then
        for _, d in ipairs(ds) do
          if d.code == fix_code then
            first = d
          end
        end
      end
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        range = first.lsp.range,
        context = { diagnostics = { first.lsp } },
      }
      local resp = client.request_sync('textDocument/codeAction', params, timeout, buf)
      entry.actions = {}
      local preferred
      for _, a in ipairs((resp and resp.result) or {}) do
        table.insert(entry.actions, { title = a.title, preferred = a.isPreferred == true })
        if a.isPreferred and a.edit then
          preferred = a
        end
      end
      if rel == fix_file and preferred then
        vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
        local fixed_code = first.code
        entry.fix_applied = preferred.title
        entry.fixed = vim.wait(timeout, function()
          for _, d in ipairs(ours(buf)) do
            if d.code == fixed_code then
              return false
            end
          end
          return true
        end, 50)
        entry.text_after_fix = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
      end
    end
    report.files[rel] = entry
  end
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return exited
  end, 20)
  report.server_exited = exited
end)

if not ok then
  report.error = tostring(err)
  finish(1)
else
  finish(0)
end
