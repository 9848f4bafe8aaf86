"""Feed items already read by ``crosscheck watch``: each linked article is fetched once.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "feed_items",
        sa.Column("feed_url", sa.String(2000), primary_key=True),
        sa.Column("link", sa.String(2000), primary_key=True),
        sa.Column("read_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_items")
