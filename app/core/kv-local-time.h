/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvLocalTimeError:
 * @KV_LOCAL_TIME_ERROR_INVALID: not a date, time or weekday as people write
 *   them ("2026-12-08 15:30", "15:30", "2026-12-08", "tue")
 * @KV_LOCAL_TIME_ERROR_NONEXISTENT: the local time falls in the hour the
 *   clocks skip when they go forward
 * @KV_LOCAL_TIME_ERROR_AMBIGUOUS: the local time happens twice, when the
 *   clocks go back, and no offset says which
 *
 * Why a time a person typed was refused. Every message is written for
 * staff and says what to write instead.
 */
typedef enum {
  KV_LOCAL_TIME_ERROR_INVALID,
  KV_LOCAL_TIME_ERROR_NONEXISTENT,
  KV_LOCAL_TIME_ERROR_AMBIGUOUS,
} KvLocalTimeError;

#define KV_LOCAL_TIME_ERROR (kv_local_time_error_quark ())
GQuark kv_local_time_error_quark (void);

/**
 * KvLocalResolution:
 * @n_matches: how many instants show this wall-clock time: 1 normally, 0 in
 *   the spring-forward gap, 2 in the fall-back overlap
 * @first_us: the earlier instant (UTC microseconds); in the gap, the
 *   instant the time would be with the offset before the change, which is
 *   the wall time moved forward by the gap
 * @second_us: the later instant when @n_matches is 2
 * @change_us: in the gap or the overlap: the instant the clocks change
 * @offset_before_s: the UTC offset before that change, in seconds
 * @offset_after_s: the UTC offset after it
 *
 * What a wall-clock time means in a zone.
 */
typedef struct
{
  guint  n_matches;
  gint64 first_us;
  gint64 second_us;
  gint64 change_us;
  gint32 offset_before_s;
  gint32 offset_after_s;
} KvLocalResolution;

void      kv_local_time_resolve        (GTimeZone         *tz,
                                        const GDate       *day,
                                        guint              minute_of_day,
                                        guint              second,
                                        KvLocalResolution *out);

gboolean  kv_local_time_parse          (const char        *text,
                                        GTimeZone         *tz,
                                        gint64            *out_us,
                                        GError           **error);
gboolean  kv_local_time_has_zone       (const char        *text);
gboolean  kv_local_time_parse_day      (const char        *text,
                                        GDate             *out_day,
                                        GError           **error);
gboolean  kv_local_time_parse_clock    (const char        *text,
                                        guint             *out_minute_of_day,
                                        GError           **error);
gboolean  kv_local_time_parse_weekday  (const char        *text,
                                        guint             *out_weekday,
                                        GError           **error);

char     *kv_local_time_format         (gint64             time_us,
                                        GTimeZone         *tz);
char     *kv_local_time_format_rfc3339 (gint64             time_us,
                                        GTimeZone         *tz);
char     *kv_local_time_format_day     (const GDate       *day);
char     *kv_local_time_format_clock   (guint              minute_of_day);
void      kv_local_time_get_day        (gint64             time_us,
                                        GTimeZone         *tz,
                                        GDate             *out_day,
                                        guint             *out_minute_of_day);
const char *kv_local_time_weekday_name (guint              weekday);
const char *kv_local_time_weekday_plural (guint            weekday);

G_END_DECLS
