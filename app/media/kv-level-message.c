/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-level-message.h"

#include <math.h>

/**
 * kv_level_message_get:
 * @s: a `level` element's message
 * @field: "peak" or "rms"
 *
 * The first channel of a level message's field, as 0..1 amplitude.
 * level posts GValueArray (deprecated in GLib, still what 1.22 sends).
 *
 * Returns: the level, 0 (silence or unknown) to 1 (full scale)
 */
double
kv_level_message_get (const GstStructure *s,
                      const char         *field)
{
  const GValue *value = gst_structure_get_value (s, field);
  double db = -G_MAXDOUBLE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (value != NULL && G_VALUE_TYPE (value) == g_value_array_get_type ())
    {
      GValueArray *array = g_value_get_boxed (value);

      if (array != NULL && array->n_values > 0 && G_VALUE_HOLDS_DOUBLE (&array->values[0]))
        db = g_value_get_double (&array->values[0]);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (db == -G_MAXDOUBLE)
    return 0.0;
  return CLAMP (pow (10.0, db / 20.0), 0.0, 1.0);
}
