"""Account-scoped report queries: plain functions of (session, account_id, scope, period), aggregated in SQL.

They serve the v2 reports API and are meant for the dashboard's Reports page as well.
"""
