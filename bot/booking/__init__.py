"""Booking a contact: exactly one booking in Vitec per submission, and the agent told how it went.

Vitec's booking call has no idempotency key and may time out after it was applied, so every
attempt is written to the ledger first, a contact already on the viewing is detected before the
call, and an unknown outcome is settled by asking Vitec (``ViewingParticipant``) before any retry.

- ``submission``: a submitted form, answered within Slack's deadline;
- ``rechecks``: what Slack echoed back, checked against the configuration and Vitec;
- ``machine``: the booking itself, with the one table of what each Vitec error settles;
- ``announce``: telling the agent, recorded only when it reached them;
- ``reconcile``: attempts left open (a timeout, a crash) settled by asking Vitec;
- ``undo``: removing a booking;
- ``audit``: the audit trail of bookings and undos.
"""
