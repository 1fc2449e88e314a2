"""The generated national data set: every centre of the country with years of work.

``manage.py seed_national`` (``benchmarks/management/commands/seed_national.py``) drives it:
``plan`` sizes each centre from the scale and the seed, ``copy`` streams rows into PostgreSQL
with COPY, and one module per app writes that app's tables (``people`` for users and
memberships, ``registry`` for ``clients``, ``work`` for ``services``). ``guard`` decides whether
the database may be written at all.
"""
