"""Everything around the form but the booking: the command, opening the form, pickers, history.

- ``command``: ``/visning [text]``: help, history, or the form pre-filled from the text;
- ``opening``: opening the form, and its time slots once an estate is chosen;
- ``pickers``: the answers to the form's options loads (estates, contacts, lead sources);
- ``history``: the agent's recent bookings, in the channel and in App Home.
"""
