/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-enum-strings-private.h"

gboolean
kv_enum_strings_lookup (const char * const *names,
                        guint               n_names,
                        const char         *name,
                        int                *out_value)
{
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (names[i], name))
        {
          *out_value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}
