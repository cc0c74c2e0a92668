"""Keeping the views in step with the desktop: the replica the views hold, the flow-controlled outbox,
the messages to and from the views, and the link between one desktop model and its views."""
