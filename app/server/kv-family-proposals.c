/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-family-proposals.h"

#include "kv-family-table.h"

/**
 * KvFamilyProposals:
 *
 * The next visit to propose for a family: the free slots of the templates
 * that join one of its prison kiosks to a community kiosk at its community
 * site, over the next four weeks (from its admission day, for a parent
 * admitted ahead), through both sites' calendars; without the slots that
 * clash with another booking, that the scheduling rules would refuse (too
 * soon, beyond the horizon) or that a template holds back for families in
 * their first week (unless this family is one). Of those,
 * kv_contact_plan_propose() picks the earliest before contact is due,
 * outside school hours for children who go to school if it can.
 */

struct _KvFamilyProposals
{
  GObject              parent_instance;

  KvStore             *store;
  KvSignallingHandler *handler;
  KvSiteRules          rules;
};

G_DEFINE_FINAL_TYPE (KvFamilyProposals, kv_family_proposals, G_TYPE_OBJECT)

void
kv_family_proposal_free (KvFamilyProposal *proposal)
{
  if (proposal == NULL)
    return;
  g_clear_pointer (&proposal->proposal, kv_proposal_free);
  g_clear_pointer (&proposal->zone, g_time_zone_unref);
  g_free (proposal);
}

static void
kv_family_proposals_dispose (GObject *object)
{
  KvFamilyProposals *self = KV_FAMILY_PROPOSALS (object);

  g_clear_object (&self->store);
  g_clear_object (&self->handler);

  G_OBJECT_CLASS (kv_family_proposals_parent_class)->dispose (object);
}

static void
kv_family_proposals_class_init (KvFamilyProposalsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_family_proposals_dispose;
}

static void
kv_family_proposals_init (KvFamilyProposals *self)
{
}

/**
 * kv_family_proposals_new:
 * @store: the store: families, kiosks, sites, templates
 * @handler: the signalling handler, whose bookings the slots must not
 *   clash with
 * @rules: the scheduling rules (notice, horizon)
 *
 * Returns: (transfer full): the proposals' maker
 */
KvFamilyProposals *
kv_family_proposals_new (KvStore             *store,
                         KvSignallingHandler *handler,
                         const KvSiteRules   *rules)
{
  KvFamilyProposals *self = g_object_new (KV_TYPE_FAMILY_PROPOSALS, NULL);

  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  self->rules = *rules;
  return self;
}

/* Whether @kiosk_id is a community kiosk in service at @site_id (one
 * lookup per kiosk). */
static gboolean
is_community_kiosk_at (KvStore    *store,
                       GHashTable *answers,
                       const char *kiosk_id,
                       const char *site_id)
{
  gpointer answer;

  if (!g_hash_table_lookup_extended (answers, kiosk_id, NULL, &answer))
    {
      g_autoptr(KvKioskRecord) kiosk = kv_store_lookup_kiosk (store, kiosk_id, NULL);

      answer = GINT_TO_POINTER (kiosk != NULL && kiosk->role == KV_ROLE_COMMUNITY &&
                                kiosk->revoked_us == 0 &&
                                g_strcmp0 (kiosk->site_id, site_id) == 0);
      g_hash_table_insert (answers, g_strdup (kiosk_id), answer);
    }
  return GPOINTER_TO_INT (answer);
}

/* The free slots of @prison_kiosk's templates to the family's community
 * site, added to @out_free; the zone of the kiosk's site in @out_zone if
 * there are any and it has none yet. */
static gboolean
add_free_slots (KvFamilyProposals   *self,
                const KvFamilyView  *view,
                const char          *prison_kiosk,
                KvSiteCalendar      *community_calendar,
                GHashTable          *community_kiosks,
                gint64               from_us,
                gint64               to_us,
                gint64               now_us,
                GPtrArray           *out_free,
                GHashTable          *out_zones,
                GError             **error)
{
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autoptr(KvSiteRecord) site = NULL;
  g_autoptr(KvSiteCalendar) calendar = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GHashTable) shares = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean first_week = kv_family_view_in_first_week (view, now_us);

  /* A kiosk revoked or moved off its site since offers nothing. */
  kiosk = kv_store_lookup_kiosk (self->store, prison_kiosk, NULL);
  if (kiosk == NULL || kiosk->revoked_us != 0 || kiosk->site_id == NULL)
    return TRUE;
  site = kv_store_lookup_site (self->store, kiosk->site_id, error);
  if (site == NULL)
    return FALSE;
  calendar = kv_site_record_to_calendar (site);
  if (calendar == NULL)
    return TRUE;
  templates = kv_store_list_templates (self->store, prison_kiosk, NULL, error);
  if (templates == NULL)
    return FALSE;
  for (guint i = templates->len; i > 0; i--)
    {
      KvSlotTemplate *template = g_ptr_array_index (templates, i - 1);

      if (!template->active ||
          !is_community_kiosk_at (self->store, community_kiosks, template->community_kiosk,
                                  view->record->community_site))
        g_ptr_array_remove_index (templates, i - 1);
      else
        g_hash_table_insert (shares, template->id,
                             GUINT_TO_POINTER (template->first_week_share));
    }
  if (templates->len == 0)
    return TRUE;

  slots = kv_slot_calendar_expand (templates, calendar, community_calendar, from_us, to_us);
  for (guint i = 0; i < slots->len; i++)
    {
      KvSlot *slot = g_ptr_array_index (slots, i);
      g_autoptr(KvBooking) probe = NULL;
      guint share = GPOINTER_TO_UINT (g_hash_table_lookup (shares, slot->template_id));

      if (slot->start_us < now_us + self->rules.min_notice_us ||
          slot->start_us > now_us + self->rules.horizon_us)
        continue;
      if (!first_week && kv_contact_plan_is_held_back (slot->occurrence, share) &&
          kv_contact_plan_hold_applies (slot->start_us, now_us))
        continue;
      probe = kv_booking_new ("proposal", slot->prison_kiosk, slot->community_kiosk,
                              slot->start_us, slot->end_us, "", "", KV_AGE_BAND_UNSPECIFIED);
      if (kv_signalling_handler_find_clash (self->handler, probe) != NULL)
        continue;
      g_ptr_array_add (out_free, g_ptr_array_steal_index (slots, i));
      i--;
    }
  if (!g_hash_table_contains (out_zones, prison_kiosk))
    g_hash_table_insert (out_zones, g_strdup (prison_kiosk),
                         g_time_zone_ref (kv_site_calendar_get_zone (calendar)));
  return TRUE;
}

/* When contact is due, for the proposal to come before: the end of the
 * first week for a first contact; the band's period after the last held
 * visit, or from now once that is past. */
static gint64
deadline_of (const KvFamilyView *view,
             gint64              now_us)
{
  const KvAgeBandRules *rules = kv_family_view_get_rules (view);
  gint64 period_us = rules != NULL ? kv_age_band_rules_get_period_us (rules)
                                   : 7 * G_TIME_SPAN_DAY;

  if (view->status.state == KV_CONTACT_STATE_FIRST_DUE)
    return view->first_week_end_us;
  if (view->status.due_us > now_us)
    return view->status.due_us;
  return now_us + period_us;
}

/**
 * kv_family_proposals_make:
 * @self: a #KvFamilyProposals
 * @view: an active family
 * @now_us: the time
 * @out_reason: (out) (transfer full): why there is no proposal, or what
 *   the one made is
 * @error: return location for a #GError (the store failed)
 *
 * Returns: (transfer full) (nullable): the proposal; %NULL with
 *   @out_reason when there is none, or with @error
 */
KvFamilyProposal *
kv_family_proposals_make (KvFamilyProposals   *self,
                          const KvFamilyView  *view,
                          gint64               now_us,
                          char               **out_reason,
                          GError             **error)
{
  g_autoptr(KvSiteRecord) community = NULL;
  g_autoptr(KvSiteCalendar) community_calendar = NULL;
  g_autoptr(GPtrArray) free_slots = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_free);
  g_autoptr(GHashTable) community_kiosks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                  NULL);
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_time_zone_unref);
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GPtrArray) visits = g_ptr_array_new ();
  g_autoptr(KvFamilyProposal) result = NULL;
  KvAgeRules rules = view->rules;
  gint64 from_us, not_before_us, deadline_us;

  g_return_val_if_fail (KV_IS_FAMILY_PROPOSALS (self), NULL);

  *out_reason = NULL;
  if (view->record->archived_us != 0)
    {
      *out_reason = g_strdup ("The family is archived: it gets no proposals");
      return NULL;
    }
  community = kv_store_lookup_site (self->store, view->record->community_site, error);
  if (community == NULL)
    return NULL;
  community_calendar = kv_site_record_to_calendar (community);
  if (community_calendar == NULL)
    {
      *out_reason = g_strdup_printf ("Site %s has a time zone this server does not know",
                                     community->id);
      return NULL;
    }

  /* From now, or from the admission day for a parent admitted ahead of
   * time; no sooner than the scheduling rules let a visit be booked. */
  from_us = MAX (now_us, view->admission_start_us);
  not_before_us = MAX (now_us + self->rules.min_notice_us, view->admission_start_us);
  for (guint i = 0; view->record->prison_kiosks[i] != NULL; i++)
    if (!add_free_slots (self, view, view->record->prison_kiosks[i], community_calendar,
                         community_kiosks, from_us,
                         from_us + KV_FAMILY_PROPOSALS_DAYS * G_TIME_SPAN_DAY, now_us,
                         free_slots, zones, error))
      return NULL;

  /* The family's other visits keep the band's gap. */
  bookings = kv_family_table_list_bookings (kv_store_get_families (self->store),
                                            view->record->id, error);
  if (bookings == NULL)
    return NULL;
  for (guint i = 0; i < bookings->len; i++)
    {
      KvBookingRecord *record = g_ptr_array_index (bookings, i);

      if (record->cancelled_us == 0)
        g_ptr_array_add (visits, record->booking);
    }

  deadline_us = deadline_of (view, now_us);
  result = g_new0 (KvFamilyProposal, 1);
  result->deadline_us = deadline_us;
  result->proposal = kv_contact_plan_propose (free_slots, view->band, &rules, view->school_hours,
                                              visits, not_before_us, deadline_us);
  if (result->proposal == NULL)
    {
      *out_reason = g_strdup_printf ("No free slot in the next %d days: no template joins the "
                                     "family's prison kiosks to its community site, or every "
                                     "slot is taken, held back or too close to its other visits",
                                     KV_FAMILY_PROPOSALS_DAYS);
      return NULL;
    }
  result->zone = g_time_zone_ref (g_hash_table_lookup (zones,
                                                       result->proposal->slot->prison_kiosk));
  *out_reason = g_strdup (result->proposal->before_deadline
                            ? "The earliest free slot before contact is due"
                            : "No free slot before contact is due: the earliest after");
  return g_steal_pointer (&result);
}
