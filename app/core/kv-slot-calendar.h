/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvSlotError:
 * @KV_SLOT_ERROR_CLOSED_DAY: a site is closed that day
 * @KV_SLOT_ERROR_OUTSIDE_HOURS: the visit is not inside a site's opening
 *   hours
 * @KV_SLOT_ERROR_INVALID: a template's fields make no sense
 *
 * Why a time cannot be a visit at a site.
 */
typedef enum {
  KV_SLOT_ERROR_CLOSED_DAY,
  KV_SLOT_ERROR_OUTSIDE_HOURS,
  KV_SLOT_ERROR_INVALID,
} KvSlotError;

#define KV_SLOT_ERROR (kv_slot_error_quark ())
GQuark kv_slot_error_quark (void);

/* Most weeks between two visits of one template. */
#define KV_SLOT_TEMPLATE_MAX_EVERY_WEEKS 52

/**
 * KvSlotTemplate:
 * @id: the template's id
 * @prison_kiosk: the prison kiosk
 * @community_kiosk: the community kiosk
 * @weekday: 1 (Monday) to 7 (Sunday)
 * @start_local: "HH:MM" in the prison kiosk's site's zone
 * @minutes: length of each visit
 * @every_weeks: 1 for every week, 2 for every other week, ...; counted from
 *   the week (Monday to Sunday) of @valid_from
 * @valid_from: first day, "YYYY-MM-DD" (local)
 * @valid_to: last day, "YYYY-MM-DD", or "" for no end
 * @active: whether it still offers slots
 * @created_us: when it was made
 * @first_week_share: the percent of its slots held back for families in
 *   their first week (0 to 100; see kv_contact_plan_is_held_back())
 *
 * A weekly visit time for one pair of kiosks, as staff think of it:
 * "Tuesdays at 15:30 for 30 minutes".
 */
typedef struct
{
  char    *id;
  char    *prison_kiosk;
  char    *community_kiosk;
  guint    weekday;
  char    *start_local;
  guint    minutes;
  guint    every_weeks;
  char    *valid_from;
  char    *valid_to;
  gboolean active;
  gint64   created_us;
  guint    first_week_share;
} KvSlotTemplate;

KvSlotTemplate *kv_slot_template_new      (const char           *id,
                                           const char           *prison_kiosk,
                                           const char           *community_kiosk,
                                           guint                 weekday,
                                           const char           *start_local,
                                           guint                 minutes,
                                           guint                 every_weeks,
                                           const char           *valid_from,
                                           const char           *valid_to);
KvSlotTemplate *kv_slot_template_copy     (const KvSlotTemplate *self);
void            kv_slot_template_free     (KvSlotTemplate       *self);
gboolean        kv_slot_template_validate (const KvSlotTemplate *self,
                                           GError              **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvSlotTemplate, kv_slot_template_free)

/**
 * KvSlot:
 * @template_id: the template it comes from
 * @prison_kiosk: the prison kiosk
 * @community_kiosk: the community kiosk
 * @start_us: start, UTC microseconds
 * @end_us: end, UTC microseconds
 * @moved_by_us: how far the clocks going forward pushed its start (0
 *   normally): the template's time did not exist that day
 * @occurrence: which of the template's visits it is: 0 for the first after
 *   @valid_from, 1 for the next one (every_weeks later), ... counted
 *   whether or not a closed day or the hours take some of them
 *
 * One bookable visit time a template offers.
 */
typedef struct
{
  char   *template_id;
  char   *prison_kiosk;
  char   *community_kiosk;
  gint64  start_us;
  gint64  end_us;
  gint64  moved_by_us;
  guint   occurrence;
} KvSlot;

void kv_slot_free (KvSlot *slot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvSlot, kv_slot_free)

/**
 * KvSiteCalendar:
 *
 * When a site can hold visits: its zone, its opening hours per weekday (a
 * site with none set is open all day, every day) and its closed days.
 */
typedef struct _KvSiteCalendar KvSiteCalendar;

KvSiteCalendar *kv_site_calendar_new            (const char     *site_id,
                                                 const char     *name,
                                                 GTimeZone      *tz);
void            kv_site_calendar_free           (KvSiteCalendar *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvSiteCalendar, kv_site_calendar_free)

GTimeZone      *kv_site_calendar_get_zone       (KvSiteCalendar *self);
const char     *kv_site_calendar_get_name       (KvSiteCalendar *self);
void            kv_site_calendar_add_hours      (KvSiteCalendar *self,
                                                 guint           weekday,
                                                 guint           opens_minute,
                                                 guint           closes_minute);
void            kv_site_calendar_add_closed_day (KvSiteCalendar *self,
                                                 const char     *day,
                                                 const char     *reason);
gboolean        kv_site_calendar_check          (KvSiteCalendar *self,
                                                 gint64          start_us,
                                                 gint64          end_us,
                                                 GError        **error);
gboolean        kv_site_calendar_check_weekly   (KvSiteCalendar *self,
                                                 guint           weekday,
                                                 guint           start_minute,
                                                 guint           minutes,
                                                 GError        **error);

GPtrArray      *kv_slot_calendar_expand         (GPtrArray      *templates,
                                                 KvSiteCalendar *prison_site,
                                                 KvSiteCalendar *community_site,
                                                 gint64          from_us,
                                                 gint64          to_us);

G_END_DECLS
