"""Notifications: the outbox of notices and reminders, their e-mails and their log.

Other parts of the project notify people through one function::

    from measures.notifications import notify

    notify(Notification.Kind.X, [user], key="x:42", items=[{"label": ..., "url": ...}])

A recipient may be a bare e-mail address (people without an account); an app
above measures registers the e-mails of its kinds with `emails.register`.

`outbox` records, queues, claims and delivers; `notices` decides who hears
about which follow-up event; `emails` renders one e-mail per kind; `views` are
the log and the user's choices.
"""

from measures.notifications.outbox import notify, notify_each, recipient_key

__all__ = ["notify", "notify_each", "recipient_key"]
