"""Long work done outside the request: a worker process runs it while the page shows progress.

A :class:`~stocktake_web.background.models.Job` records what was asked, by whom, about which
round or cohort, how far it has got and what came out. Django's tasks framework (the database
backend, ``manage.py db_worker``) carries each job to a worker; the job model adds what the
framework leaves out: progress, the file made, a sentence for a failure, and recovery of jobs
whose worker died.
"""
