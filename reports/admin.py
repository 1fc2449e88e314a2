from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# The task queue's own rows (django-tasks-db) are the workers' business, in English only: an
# administrator follows background exports on My exports, operators in the workers' logs
# (README, "Background exports").
admin.site.unregister(DBTaskResult)
