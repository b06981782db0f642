"""Every read of the forum, one module per part (callers import from the module): editions (and seats),
registrations, youth delegates, the programme, certificates. Each list costs a fixed number of queries."""
