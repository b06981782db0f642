"""Every write of the forum, one module per part (callers import from the module):

- seats: the one lock helper and the only seat arithmetic;
- lifecycle: every change of a registration's status, the waiting list, bulk decisions;
- registration: a delegate registers and changes their registration;
- visa: passport details and their review;
- youth: youth delegates' details and the guardian's links; consent: the guardian's decisions and their retention;
- edition: editions, quotas, policy versions, publishing;
- programme: rooms, sessions, speakers, publishing the programme, and its e-mails; agenda: personal agendas;
- certificates: participation and speaker certificates.
"""
