/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-family-json.h"

#include "kv-admin-booking-json.h"
#include "kv-admin-site-json.h"
#include "kv-local-time.h"

static void
add_local (JsonBuilder *builder,
           const char  *name,
           gint64       time_us,
           GTimeZone   *zone)
{
  g_autofree char *text = time_us != 0 ? kv_local_time_format_rfc3339 (time_us, zone) : NULL;

  kv_admin_http_add_string (builder, name, text);
}

static const char *
state_name (KvContactState state)
{
  switch (state)
    {
    case KV_CONTACT_STATE_FIRST_DUE:
      return "first-due";
    case KV_CONTACT_STATE_DUE:
      return "due";
    case KV_CONTACT_STATE_OK:
    default:
      return "ok";
    }
}

/* The family's members: its labels, children and youngest band, that
 * band's rules at its community site, its first week and its contact. */
static void
add_members (JsonBuilder        *builder,
             const KvFamilyView *view)
{
  const KvFamilyRecord *record = view->record;
  const KvAgeBandRules *rules = kv_family_view_get_rules (view);

  kv_admin_http_add_string (builder, "id", record->id);
  kv_admin_http_add_string (builder, "parent_label", record->parent_label);
  kv_admin_http_add_string (builder, "admitted_on", record->admitted_on);
  kv_admin_http_add_string (builder, "community_site", record->community_site);
  json_builder_set_member_name (builder, "prison_kiosks");
  json_builder_begin_array (builder);
  for (guint i = 0; record->prison_kiosks[i] != NULL; i++)
    json_builder_add_string_value (builder, record->prison_kiosks[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (guint i = 0; i < record->children->len; i++)
    {
      const KvFamilyChild *child = g_ptr_array_index (record->children, i);

      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "label", child->label);
      kv_admin_http_add_string (builder, "age_band", kv_age_band_to_string (child->age_band));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  kv_admin_http_add_string (builder, "age_band", kv_age_band_to_string (view->band));
  json_builder_set_member_name (builder, "rules");
  if (rules != NULL)
    {
      json_builder_begin_object (builder);
      kv_admin_site_json_add_band_rules (builder, rules);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_local (builder, "first_week_end", view->first_week_end_us, view->zone);

  json_builder_set_member_name (builder, "contact");
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "state", state_name (view->status.state));
  add_local (builder, "due", view->status.due_us, view->zone);
  kv_admin_http_add_int (builder, "days_left", view->status.days_left);
  add_local (builder, "last_held", view->last_held_us, view->zone);
  json_builder_set_member_name (builder, "next_booked");
  if (view->next_booking_id != NULL)
    {
      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "id", view->next_booking_id);
      add_local (builder, "start", view->next_start_us, view->zone);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  add_local (builder, "created", record->created_us, view->zone);
  kv_admin_http_add_string (builder, "created_by", record->created_by);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, record->archived_us != 0);
  if (record->archived_us != 0)
    add_local (builder, "archived_at", record->archived_us, view->zone);
}

/**
 * kv_family_json_add:
 * @builder: a builder where a value goes
 * @view: a family
 *
 * The family as an object.
 */
void
kv_family_json_add (JsonBuilder        *builder,
                    const KvFamilyView *view)
{
  json_builder_begin_object (builder);
  add_members (builder, view);
  json_builder_end_object (builder);
}

/**
 * kv_family_json_is_held:
 *
 * Whether a booking's visit was held: it ran to its end, or staff ended it
 * for another reason than a technical problem.
 */
gboolean
kv_family_json_is_held (const KvBookingRecord *record)
{
  if (record->cancelled_us != 0 || !record->has_session)
    return FALSE;
  return record->session.outcome == KV_OUTCOME_COMPLETED ||
         (record->session.outcome == KV_OUTCOME_ENDED_BY_STAFF &&
          record->session.end_category != KV_END_CATEGORY_TECHNICAL_PROBLEM);
}

/**
 * kv_family_json_add_bookings:
 * @builder: a builder where a value goes
 * @view: the family
 * @bookings: (element-type KvBookingRecord): its bookings, by start
 * @now_us: the time
 *
 * The family with a "bookings" member: its last past visits and every
 * upcoming one, each `{id, start, end, state, outcome, held,
 * rules_override}`.
 */
void
kv_family_json_add_bookings (JsonBuilder        *builder,
                             const KvFamilyView *view,
                             GPtrArray          *bookings,
                             gint64              now_us)
{
  guint n_past = 0, first;

  json_builder_begin_object (builder);
  add_members (builder, view);
  for (guint i = 0; i < bookings->len; i++)
    if (((KvBookingRecord *) g_ptr_array_index (bookings, i))->booking->end_us <= now_us)
      n_past++;
  first = n_past > KV_FAMILY_JSON_PAST_BOOKINGS ? n_past - KV_FAMILY_JSON_PAST_BOOKINGS : 0;
  json_builder_set_member_name (builder, "bookings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bookings->len; i++)
    {
      const KvBookingRecord *record = g_ptr_array_index (bookings, i);
      const char *state, *outcome;

      if (record->booking->end_us <= now_us && i < first)
        continue;
      kv_admin_booking_json_get_state (record, &state, &outcome);
      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "id", record->booking->id);
      add_local (builder, "start", record->booking->start_us, view->zone);
      add_local (builder, "end", record->booking->end_us, view->zone);
      kv_admin_http_add_string (builder, "state", state);
      kv_admin_http_add_string (builder, "outcome", outcome);
      json_builder_set_member_name (builder, "held");
      json_builder_add_boolean_value (builder, kv_family_json_is_held (record));
      kv_admin_http_add_string (builder, "rules_override", record->rules_override);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * kv_family_json_add_proposal:
 * @builder: a builder inside an object
 * @name: the member's name ("proposal")
 * @proposal: (nullable): the proposal; %NULL writes null
 *
 * `{slot, template, prison, community, start, end, minutes,
 * before_deadline, in_school_hours, deadline}`; "slot" is what
 * `POST /api/v1/bookings` takes (as GET /api/v1/slots names it).
 */
void
kv_family_json_add_proposal (JsonBuilder            *builder,
                             const char             *name,
                             const KvFamilyProposal *proposal)
{
  const KvProposal *visit;
  g_autofree char *start = NULL;
  g_autofree char *slot = NULL;

  json_builder_set_member_name (builder, name);
  if (proposal == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  visit = proposal->proposal;
  start = kv_local_time_format_rfc3339 (visit->slot->start_us, proposal->zone);
  slot = g_strdup_printf ("%s@%s", visit->slot->template_id, start);
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "slot", slot);
  kv_admin_http_add_string (builder, "template", visit->slot->template_id);
  kv_admin_http_add_string (builder, "prison", visit->slot->prison_kiosk);
  kv_admin_http_add_string (builder, "community", visit->slot->community_kiosk);
  add_local (builder, "start", visit->start_us, proposal->zone);
  add_local (builder, "end", visit->end_us, proposal->zone);
  kv_admin_http_add_int (builder, "minutes", (visit->end_us - visit->start_us) / G_TIME_SPAN_MINUTE);
  json_builder_set_member_name (builder, "before_deadline");
  json_builder_add_boolean_value (builder, visit->before_deadline);
  json_builder_set_member_name (builder, "in_school_hours");
  json_builder_add_boolean_value (builder, visit->in_school_hours);
  add_local (builder, "deadline", proposal->deadline_us, proposal->zone);
  json_builder_end_object (builder);
}
