"""The forum's pages, one module per audience (urls.py imports from the module): delegate (editions, registering,
my registration, visa letter), youth (the guardian's consent page, the organisers' consent actions), programme
(public programme, my agenda), organiser (editions, registrations, exports), programme_editor, certificates."""
