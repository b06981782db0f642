"""The forum's forms, one module per part (views import from the module): registration (the delegate's form),
organiser (editions, quotas, policies, the registrations list), youth (the guardian's answer, paper forms),
programme (rooms, sessions, speakers), certificates (ticked delegates and speakers)."""
