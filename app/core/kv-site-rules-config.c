/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-site-rules-config.h"

#include "kv-clock.h"

#include <stdlib.h>
#include <string.h>

/* The server configuration's [rules] group: the scheduling rules of a site. */

#define GROUP "rules"

/* Longest visit a site can allow: a long prison visit, not a stream. */
#define MAX_LENGTH_MINUTES 720
#define MAX_HORIZON_DAYS 365
#define MAX_NOTICE_MINUTES (7 * 24 * 60)
#define MAX_JOIN_WINDOW_MINUTES 60
#define MIN_GOODBYE_SECONDS 10
#define MAX_GOODBYE_SECONDS 600
#define MAX_MAKEUP_MINUTES 60

static const char * const rules_keys[] = {
  "min-length-minutes", "max-length-minutes", "horizon-days", "min-notice-minutes",
  "join-window-minutes", "goodbye-seconds", "makeup-max-minutes", "cues", NULL
};

static int
compare_seconds_descending (gconstpointer a,
                            gconstpointer b)
{
  guint left = *(const guint *) a;
  guint right = *(const guint *) b;

  return left < right ? 1 : left > right ? -1 : 0;
}

/* Parses one "5m" / "90s" entry into seconds. */
static gboolean
parse_cue_entry (const char *entry,
                 guint      *out_seconds)
{
  g_autofree char *number = NULL;
  gsize length = strlen (entry);
  guint64 value;
  guint unit;

  if (length < 2)
    return FALSE;
  if (entry[length - 1] == 'm')
    unit = 60;
  else if (entry[length - 1] == 's')
    unit = 1;
  else
    return FALSE;

  number = g_strndup (entry, length - 1);
  if (!g_ascii_string_to_unsigned (number, 10, 1, MAX_LENGTH_MINUTES * 60, &value, NULL))
    return FALSE;

  *out_seconds = (guint) value * unit;
  return TRUE;
}

static gboolean
parse_cues (KvSiteRules   *rules,
            KvConfigFile  *file,
            GError       **error)
{
  static const char * const default_cues[] = { NULL };
  g_auto(GStrv) entries = NULL;
  guint goodbye_seconds = (guint) (rules->goodbye_us / KV_USEC_PER_SECOND);
  guint max_seconds = (guint) (rules->max_length_us / KV_USEC_PER_SECOND);

  /* Unset keeps kv_site_rules_init_defaults()'s cues. */
  if (!kv_config_file_has_key (file, GROUP, "cues"))
    return TRUE;
  if (!kv_config_file_get_string_list (file, GROUP, "cues", default_cues, &entries, error))
    return FALSE;

  rules->cue_half_way = FALSE;
  rules->n_cues = 0;
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *quoted = kv_config_quote (entries[i]);
      guint seconds = 0;

      if (g_str_equal (entries[i], "half-way"))
        {
          rules->cue_half_way = TRUE;
          continue;
        }
      if (!parse_cue_entry (entries[i], &seconds))
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP, "cues",
                                    "cues entry '%s' is not half-way, <minutes>m or "
                                    "<seconds>s (e.g. half-way;5m;2m)", quoted);
          return FALSE;
        }
      /* A cue inside the goodbye would talk over it; one longer than the
       * longest visit could never be heard. */
      if (seconds <= goodbye_seconds || seconds >= max_seconds)
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_OUT_OF_RANGE, GROUP, "cues",
                                    "cues entry '%s' must be more than the goodbye (%us) "
                                    "and less than the longest visit", quoted, goodbye_seconds);
          return FALSE;
        }
      for (guint j = 0; j < rules->n_cues; j++)
        {
          if (rules->cue_seconds_left[j] == seconds)
            {
              kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, GROUP,
                                        "cues", "cues lists '%s' twice", quoted);
              return FALSE;
            }
        }
      if (rules->n_cues == KV_SITE_RULES_MAX_CUES)
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_OUT_OF_RANGE, GROUP, "cues",
                                    "cues has more than %d time cues", KV_SITE_RULES_MAX_CUES);
          return FALSE;
        }
      rules->cue_seconds_left[rules->n_cues++] = seconds;
    }

  qsort (rules->cue_seconds_left, rules->n_cues, sizeof (guint),
         compare_seconds_descending);
  return TRUE;
}

/**
 * kv_site_rules_parse_config:
 * @rules: (out caller-allocates): the rules to fill
 * @file: the server configuration
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Parses the `[rules]` group over kv_site_rules_init_defaults(): lengths in
 * minutes, the goodbye in seconds, cues as "half-way;5m;2m".
 *
 * Returns: %FALSE on error (@rules is then unspecified)
 */
gboolean
kv_site_rules_parse_config (KvSiteRules   *rules,
                            KvConfigFile  *file,
                            GError       **error)
{
  guint min_length, max_length, horizon, notice, join_window, goodbye, makeup;

  kv_site_rules_init_defaults (rules);

  if (!kv_config_file_check_keys (file, GROUP, rules_keys, error) ||
      !kv_config_file_get_uint (file, GROUP, "min-length-minutes",
                                (guint) (rules->min_length_us / KV_USEC_PER_MINUTE), 1,
                                MAX_LENGTH_MINUTES, &min_length, error) ||
      !kv_config_file_get_uint (file, GROUP, "max-length-minutes",
                                (guint) (rules->max_length_us / KV_USEC_PER_MINUTE), 1,
                                MAX_LENGTH_MINUTES, &max_length, error) ||
      !kv_config_file_get_uint (file, GROUP, "horizon-days",
                                (guint) (rules->horizon_us / (24 * 60 * KV_USEC_PER_MINUTE)), 1,
                                MAX_HORIZON_DAYS, &horizon, error) ||
      !kv_config_file_get_uint (file, GROUP, "min-notice-minutes",
                                (guint) (rules->min_notice_us / KV_USEC_PER_MINUTE), 0,
                                MAX_NOTICE_MINUTES, &notice, error) ||
      !kv_config_file_get_uint (file, GROUP, "join-window-minutes",
                                (guint) (rules->join_window_us / KV_USEC_PER_MINUTE), 1,
                                MAX_JOIN_WINDOW_MINUTES, &join_window, error) ||
      !kv_config_file_get_uint (file, GROUP, "goodbye-seconds",
                                (guint) (rules->goodbye_us / KV_USEC_PER_SECOND),
                                MIN_GOODBYE_SECONDS, MAX_GOODBYE_SECONDS, &goodbye, error) ||
      !kv_config_file_get_uint (file, GROUP, "makeup-max-minutes",
                                (guint) (rules->makeup_max_us / KV_USEC_PER_MINUTE), 0,
                                MAX_MAKEUP_MINUTES, &makeup, error))
    return FALSE;

  if (max_length < min_length)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_OUT_OF_RANGE, GROUP,
                                "max-length-minutes", "max-length-minutes=%u is less than "
                                "min-length-minutes=%u", max_length, min_length);
      return FALSE;
    }
  /* The goodbye is part of the visit; a visit that is all goodbye is not. */
  if ((guint64) goodbye >= (guint64) min_length * 60)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_OUT_OF_RANGE, GROUP,
                                "goodbye-seconds", "goodbye-seconds=%u must be shorter than "
                                "the shortest visit (%u minutes)", goodbye, min_length);
      return FALSE;
    }

  rules->min_length_us = min_length * KV_USEC_PER_MINUTE;
  rules->max_length_us = max_length * KV_USEC_PER_MINUTE;
  rules->horizon_us = horizon * 24 * 60 * KV_USEC_PER_MINUTE;
  rules->min_notice_us = notice * KV_USEC_PER_MINUTE;
  rules->join_window_us = join_window * KV_USEC_PER_MINUTE;
  rules->goodbye_us = goodbye * KV_USEC_PER_SECOND;
  rules->makeup_max_us = makeup * KV_USEC_PER_MINUTE;

  return parse_cues (rules, file, error);
}
