"""`automlspec server`: a Language Server Protocol server over stdio (docs/editors.md).

The package is split so that everything but the protocol is plain Python, tested without an editor:

  documents.py   the editor's text of each open file, and positions in the client's units
  session.py     the workspace: every open document and every spec file of each folder, linted exactly
                 as `automlspec lint` lints them (same configuration, findings, order and cap)
  cursor.py      where the cursor is in a spec, even a half-typed one: the field path, key or value
  fields.py      what the model, the documented defaults and the facts say about a field (hover,
                 completion)
  actions.py     the quick fixes: `lint --fix`'s safe fixes and suppression comments, as text edits
  lsp.py         the protocol (pygls, lsprotocol: the optional `automlspec[server]` extra), the worker
                 thread that lints, and debouncing

Only lsp.py imports pygls or lsprotocol, and only `automlspec server` imports lsp.py: the CLI's start-up
and the lint path never pay for them (tests/test_startup.py).
"""
