"""The audit log: who signed in, changed roles, exported or signed off what, when and from where."""
