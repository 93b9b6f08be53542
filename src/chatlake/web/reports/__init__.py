"""The dashboard's Reports page: its date range, its charts, and the report queries it reads."""
