"""A claim's search entry matches its own words only: its story's title no longer sits in the matched title
column (every claim of a story matched a word of the title); searches show the title from the story.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    table = "search_index" if op.get_bind().dialect.name == "sqlite" else "search_entries"
    op.execute(f"UPDATE {table} SET title = '' WHERE kind = 'claim'")


def downgrade() -> None:
    table = "search_index" if op.get_bind().dialect.name == "sqlite" else "search_entries"
    op.execute(
        f"UPDATE {table} SET title = COALESCE((SELECT title FROM stories WHERE stories.id = {table}.story_id), '') "
        "WHERE kind = 'claim'"
    )
