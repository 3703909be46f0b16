/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-scheduler"

#include "config.h"

#include "kv-scheduler-index.h"

#include "kv-booking-rules.h"

#include <string.h>

/*
 * Sessions stay in the index until the scheduler prunes them, ended or
 * cancelled ones included; what they still hold of their kiosks is
 * occupied_until(). Visits on one kiosk never overlap, so walking back from
 * a position by at most the longest possible visit finds every visit that
 * can reach it.
 */

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const KvBooking *x = ((const KvSchedulerEntry *) a)->booking;
  const KvBooking *y = ((const KvSchedulerEntry *) b)->booking;

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return strcmp (x->id, y->id);
}

/* Until when @entry holds its kiosks: nothing once cancelled, up to the
 * moment it ended if staff ended it early. */
static gint64
occupied_until (const KvSchedulerEntry *entry)
{
  gint64 start = entry->booking->start_us;
  gint64 end = kv_session_get_end_time (entry->session);

  if (kv_session_get_state (entry->session) != KV_SESSION_STATE_ENDED)
    return end;
  if (kv_session_get_outcome (entry->session) == KV_OUTCOME_CANCELLED)
    return start;

  return CLAMP (kv_session_get_ended_at (entry->session), start, end);
}

static gboolean
occupies (const KvSchedulerEntry *entry)
{
  return occupied_until (entry) > entry->booking->start_us;
}

/* The first position whose start is >= @start_us. */
static GSequenceIter *
search_start (GSequence *sequence,
              gint64     start_us)
{
  KvBooking probe_booking = { .id = (char *) "", .start_us = start_us };
  KvSchedulerEntry probe = { .booking = &probe_booking };

  /* Every real id is non-empty, so the probe sorts before all entries with
   * the same start. */
  return g_sequence_search (sequence, &probe, compare_entries, NULL);
}

static gint64
next_start_after (KvSchedulerEntry *entry,
                  guint             side)
{
  for (GSequenceIter *iter = g_sequence_iter_next (entry->iters[side]);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      KvSchedulerEntry *next = g_sequence_get (iter);

      if (occupies (next))
        return next->booking->start_us;
    }

  return G_MAXINT64;
}

static void
update_free_until (KvSchedulerEntry *entry)
{
  kv_session_set_free_until (entry->session,
                             MIN (next_start_after (entry, 0), next_start_after (entry, 1)));
}

/* The visit before @iter on that kiosk now has a different next visit. */
static void
update_previous (GSequenceIter *iter)
{
  while (!g_sequence_iter_is_begin (iter))
    {
      KvSchedulerEntry *previous;

      iter = g_sequence_iter_prev (iter);
      previous = g_sequence_get (iter);
      if (occupies (previous))
        {
          update_free_until (previous);
          return;
        }
    }
}

static GSequence *
kiosk_sequence (KvSchedulerIndex *index,
                const char       *kiosk_id,
                gboolean          create)
{
  GSequence *sequence = g_hash_table_lookup (index->by_kiosk, kiosk_id);

  if (sequence == NULL && create)
    {
      sequence = g_sequence_new (NULL);
      g_hash_table_insert (index->by_kiosk, g_strdup (kiosk_id), sequence);
    }

  return sequence;
}

/* The visit on @kiosk_id that @booking clashes with, or %NULL. */
static const KvBooking *
find_kiosk_clash (KvSchedulerIndex  *index,
                  const KvBooking   *booking,
                  const char        *kiosk_id,
                  GError           **error)
{
  GSequence *sequence = kiosk_sequence (index, kiosk_id, FALSE);
  GSequenceIter *iter;

  if (sequence == NULL)
    return NULL;

  iter = search_start (sequence, booking->end_us);
  while (!g_sequence_iter_is_begin (iter))
    {
      KvSchedulerEntry *existing;

      iter = g_sequence_iter_prev (iter);
      existing = g_sequence_get (iter);
      if (existing->booking->start_us + index->max_span_us <= booking->start_us)
        break;
      if (!kv_booking_rules_check_clash (booking, existing->booking,
                                         occupied_until (existing), error))
        return existing->booking;
    }

  return NULL;
}

static void
remove_from_sequence (KvSchedulerIndex *index,
                      const char       *kiosk_id,
                      GSequenceIter    *iter)
{
  GSequenceIter *next = g_sequence_iter_next (iter);
  GSequence *sequence = g_sequence_iter_get_sequence (iter);

  g_sequence_remove (iter);
  if (!g_sequence_iter_is_end (next))
    update_previous (next);
  else if (g_sequence_get_length (sequence) > 0)
    update_free_until (g_sequence_get (g_sequence_iter_prev (next)));
  else
    g_hash_table_remove (index->by_kiosk, kiosk_id);
}

void
kv_scheduler_index_init (KvSchedulerIndex *index)
{
  index->by_kiosk = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_sequence_free);
  index->max_span_us = 0;
}

void
kv_scheduler_index_clear (KvSchedulerIndex *index)
{
  g_clear_pointer (&index->by_kiosk, g_hash_table_unref);
}

/* Tells @entry and the visits before it on both kiosks when their kiosks
 * are next needed. */
void
kv_scheduler_index_update_neighbours (KvSchedulerEntry *entry)
{
  update_free_until (entry);
  update_previous (entry->iters[0]);
  update_previous (entry->iters[1]);
}

void
kv_scheduler_index_insert (KvSchedulerIndex *index,
                           KvSchedulerEntry *entry,
                           gint64            makeup_max_us)
{
  entry->iters[0] = g_sequence_insert_sorted (kiosk_sequence (index, entry->booking->prison_kiosk, TRUE),
                                              entry, compare_entries, NULL);
  entry->iters[1] = g_sequence_insert_sorted (kiosk_sequence (index, entry->booking->community_kiosk, TRUE),
                                              entry, compare_entries, NULL);
  index->max_span_us = MAX (index->max_span_us,
                            kv_booking_get_length (entry->booking) + MAX (0, makeup_max_us));
  kv_scheduler_index_update_neighbours (entry);
}

void
kv_scheduler_index_remove (KvSchedulerIndex *index,
                           KvSchedulerEntry *entry)
{
  remove_from_sequence (index, entry->booking->prison_kiosk, entry->iters[0]);
  remove_from_sequence (index, entry->booking->community_kiosk, entry->iters[1]);
  entry->iters[0] = entry->iters[1] = NULL;
}

/* Prison kiosk first, so that the error names it when both are busy. */
gboolean
kv_scheduler_index_check_free (KvSchedulerIndex  *index,
                               const KvBooking   *booking,
                               GError           **error)
{
  return kv_scheduler_index_find_clash (index, booking, error) == NULL;
}

/* The visit on either kiosk @booking clashes with (prison kiosk first), or
 * %NULL if both are free. */
const KvBooking *
kv_scheduler_index_find_clash (KvSchedulerIndex  *index,
                               const KvBooking   *booking,
                               GError           **error)
{
  const KvBooking *clash = find_kiosk_clash (index, booking, booking->prison_kiosk, error);

  return clash != NULL ? clash : find_kiosk_clash (index, booking, booking->community_kiosk, error);
}

/* Sessions on @kiosk_id whose slot with make-up intersects [from, to), by
 * start; cancelled ones are left out. */
GPtrArray *
kv_scheduler_index_list (KvSchedulerIndex *index,
                         const char       *kiosk_id,
                         gint64            from_us,
                         gint64            to_us)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  GSequence *sequence;
  GSequenceIter *iter;

  sequence = kiosk_id != NULL ? kiosk_sequence (index, kiosk_id, FALSE) : NULL;
  if (sequence == NULL || to_us <= from_us)
    return g_steal_pointer (&found);

  iter = search_start (sequence, to_us);
  while (!g_sequence_iter_is_begin (iter))
    {
      KvSchedulerEntry *entry;

      iter = g_sequence_iter_prev (iter);
      entry = g_sequence_get (iter);
      if (entry->booking->start_us + index->max_span_us <= from_us)
        break;
      if (kv_session_get_outcome (entry->session) == KV_OUTCOME_CANCELLED ||
          kv_session_get_end_time (entry->session) <= from_us)
        continue;
      g_ptr_array_add (found, g_object_ref (entry->session));
    }

  /* Collected walking backwards. */
  for (guint i = 0; i < found->len / 2; i++)
    {
      gpointer swap = found->pdata[i];

      found->pdata[i] = found->pdata[found->len - 1 - i];
      found->pdata[found->len - 1 - i] = swap;
    }

  return g_steal_pointer (&found);
}
