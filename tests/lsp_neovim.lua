-- Headless Neovim 0.11 as a user drives gofixleak: the README's configuration, a quick fix at a
-- finding, then :write, whose fix-all (the README's BufWritePre hook) goes through
-- codeAction/resolve.  Run by tests/test_lsp_neovim.py:
--   nvim --headless --clean -u NONE -c "luafile tests/lsp_neovim.lua"
-- with GOFIXLEAK_CONFIG (the README's Lua snippet), GOFIXLEAK_FILE (the Go file to open) and
-- GOFIXLEAK_LOG (where each step is written).  Exits 0 when every step passed, else 1.

local log = assert(io.open(os.getenv('GOFIXLEAK_LOG'), 'w'))

local function say(message)
  log:write(message .. '\n')
  log:flush()
end

local function fail(message)
  say('FAIL ' .. message)
  log:close()
  vim.cmd('cquit 1')
end

local function wait(what, ms, predicate)
  if not vim.wait(ms, predicate, 50) then
    fail('timed out waiting for ' .. what)
  end
  say('ok ' .. what)
end

local function findings()
  return vim.tbl_filter(function(d)
    return d.source == 'gofixleak'
  end, vim.diagnostic.get(0))
end

local function buffer_has(text)
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n'):find(text, 1, true) ~= nil
end

local ok, err = pcall(function()
  vim.cmd('filetype on')

  dofile(os.getenv('GOFIXLEAK_CONFIG'))  -- the README's snippet, as a user's init.lua has it

  vim.cmd.edit(os.getenv('GOFIXLEAK_FILE'))
  wait('three gofixleak diagnostics', 60000, function()
    return #findings() == 3
  end)

  -- the quick fix for the finding on line 23 (the only one on that line)
  local target
  for _, d in ipairs(findings()) do
    if d.lnum == 22 then
      target = d
    end
  end
  if not target then
    fail('no finding on line 23')
  end
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title:match('^gofixleak %(GFL001%)') ~= nil
    end,
  })
  wait('the quick fix applied', 30000, function()
    return buffer_has('s.Request = strings.Clone(body[:end])')
  end)
  wait('two diagnostics left', 30000, function()
    return #findings() == 2
  end)

  -- :write runs fix-all first (one source action, its edit resolved on demand)
  vim.cmd.write()
  if not buffer_has('id := strings.Clone(body[i+4 : i+36])') then
    fail('fix-all did not run before the write')
  end
  say('ok written')
  wait('no diagnostics left', 30000, function()
    return #findings() == 0
  end)
end)

if not ok then
  fail(tostring(err))
end
log:close()
vim.cmd('qall!')
