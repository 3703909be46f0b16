/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-age-check.h"

#include "kv-family-table.h"

/* A 60-minute visit is too long for a 2-year-old, and two visits a few
 * hours apart are too close (CM/Rec(2018)5: shorter, more frequent contact
 * for the very young). A booking or a move that breaks the rules of its
 * band is refused with the reason, unless the scheduler gives one of their
 * own to book it anyway: that reason is kept with the booking and audited
 * with it. */

/**
 * kv_admin_age_check_read_reason:
 * @out_reason: (out) (nullable): the "override_reason", %NULL if not given
 *
 * Staff's words: 1 to 500 characters of UTF-8 text without control
 * characters. Otherwise answers 400 `bad-override-reason`.
 *
 * Returns: whether the request may go on
 */
gboolean
kv_admin_age_check_read_reason (const KvAdminRequest  *request,
                                JsonObject            *body,
                                const char           **out_reason)
{
  g_autofree char *text = NULL;
  const char *reason;

  if (!kv_admin_http_get_string (request->message, body, "override_reason", &reason))
    return FALSE;
  *out_reason = reason;
  if (reason == NULL)
    return TRUE;
  if (g_utf8_validate (reason, -1, NULL) && *reason != '\0' &&
      g_utf8_strlen (reason, -1) <= KV_ADMIN_AGE_CHECK_REASON_MAX_CHARS)
    {
      gboolean clean = TRUE;

      for (const char *p = reason; clean && *p != '\0'; p = g_utf8_next_char (p))
        clean = !g_unichar_iscntrl (g_utf8_get_char (p));
      if (clean)
        return TRUE;
    }
  text = g_strdup_printf ("Field 'override_reason' must say why in 1 to %d characters, on one "
                          "line", KV_ADMIN_AGE_CHECK_REASON_MAX_CHARS);
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                     "bad-override-reason", "override_reason", text);
  return FALSE;
}

/* The first other visit of the family (not cancelled) that @visit is too
 * close to, with the reason in @error. */
static gboolean
check_gaps (const KvAdminRequest   *request,
            const KvAdminAgeVisit  *visit,
            gboolean               *out_too_close,
            GError                **error)
{
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_too_close = FALSE;
  if (visit->family_id == NULL)
    return TRUE;
  bookings = kv_family_table_list_bookings (kv_store_get_families (request->store),
                                            visit->family_id, &local_error);
  if (bookings == NULL)
    {
      kv_admin_http_respond_gerror (request->message, local_error);
      return FALSE;
    }
  for (guint i = 0; i < bookings->len; i++)
    {
      const KvBookingRecord *other = g_ptr_array_index (bookings, i);

      if (other->cancelled_us != 0 || g_strcmp0 (other->booking->id, visit->booking_id) == 0)
        continue;
      if (!kv_age_rules_check_gap (visit->rules, visit->band, visit->start_us, visit->end_us,
                                   other->booking->start_us, other->booking->end_us, error))
        {
          *out_too_close = TRUE;
          return TRUE;
        }
    }
  return TRUE;
}

/**
 * kv_admin_age_check_run:
 * @request: the request
 * @visit: the visit
 * @override_reason: (nullable): why the scheduler books it anyway
 *   (kv_admin_age_check_read_reason())
 * @inout_origin: where the override goes when a rule is broken and a
 *   reason given (its reason, band and rule); left alone otherwise, so a
 *   reason for a visit that breaks no rule is not kept
 *
 * Checks the visit's length against its band's maximum and its distance
 * to the family's other visits against the smallest gap. A broken rule
 * without a reason answers 400 `too-long-for-age` (naming the length's
 * field) or `too-close-for-age` (naming "start"), with the reason from
 * the rules. Nothing is checked for an unknown band.
 *
 * Returns: whether the request may go on
 */
gboolean
kv_admin_age_check_run (const KvAdminRequest  *request,
                        const KvAdminAgeVisit *visit,
                        const char            *override_reason,
                        KvBookingOrigin       *inout_origin)
{
  g_autoptr(GError) long_error = NULL;
  g_autoptr(GError) close_error = NULL;
  gboolean too_long, too_close;

  if (kv_age_rules_get (visit->rules, visit->band) == NULL)
    return TRUE;
  too_long = !kv_age_rules_check_length (visit->rules, visit->band,
                                         visit->end_us - visit->start_us, &long_error);
  if (!check_gaps (request, visit, &too_close, &close_error))
    return FALSE;
  if (!too_long && !too_close)
    return TRUE;

  if (override_reason == NULL)
    {
      if (too_long)
        kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                           "too-long-for-age", visit->length_field,
                                           long_error->message);
      else
        kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                           "too-close-for-age", "start", close_error->message);
      return FALSE;
    }
  inout_origin->rules_override = override_reason;
  inout_origin->override_band = visit->band;
  inout_origin->override_rule = too_long && too_close ? "too-long-for-age,too-close-for-age"
                                : too_long ? "too-long-for-age" : "too-close-for-age";
  return TRUE;
}
