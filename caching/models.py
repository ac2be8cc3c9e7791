"""The purge outbox: purges recorded in the same transaction as the change, applied after commit."""

from django.db import models


class PurgeState(models.Model):
    """The one row counting recorded purges; its serial orders the outbox.

    Every recorded purge increments `serial` in the writer's transaction, so the row lock
    orders purges by commit and a rolled-back change leaves no gap. The page cache keeps the
    serial it has applied up to; a cache ahead of the database (a restore) or behind it with
    no pending purge to explain the gap (a cache that lost writes) is purged entirely.
    """

    serial = models.BigIntegerField(
        default=0, help_text="How many purges have been recorded; set by the purge outbox."
    )

    class Meta:
        verbose_name = "purge state"

    def __str__(self) -> str:
        return f"Purge serial {self.serial}"


class PendingPurge(models.Model):
    """A purge not yet applied everywhere: the page and content cache, then the front cache."""

    serial = models.BigIntegerField(
        unique=True, help_text="Order of the purge; the purge state's serial when recorded."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the change was made.")
    plan = models.JSONField(
        help_text="What to purge: exact paths, subtrees, or everything, per site."
    )
    cache_applied = models.BooleanField(
        default=False, help_text="Whether the page and content cache have been purged."
    )
    frontend_applied = models.BooleanField(
        default=False, help_text="Whether the front cache (CDN) has been purged."
    )
    attempts = models.PositiveIntegerField(
        default=0, help_text="How many times applying it failed."
    )
    last_error = models.TextField(blank=True, help_text="Why the last attempt failed.")

    class Meta:
        ordering = ("serial",)
        verbose_name = "pending purge"

    def __str__(self) -> str:
        return f"Pending purge {self.serial}"
