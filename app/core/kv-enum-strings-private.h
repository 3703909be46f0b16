/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Wire names of the core's enums: a table of names in enum order gives
 * <prefix>_to_string() and <prefix>_from_string(), so every enum on the
 * wire converts the same way and an unknown name is never a crash.
 */

gboolean kv_enum_strings_lookup (const char * const *names,
                                 guint               n_names,
                                 const char         *name,
                                 int                *out_value);

#define KV_DEFINE_ENUM_STRINGS(Type, prefix, names)                           \
  const char *                                                                \
  prefix##_to_string (Type value)                                             \
  {                                                                           \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);        \
    return names[value];                                                      \
  }                                                                           \
                                                                              \
  gboolean                                                                    \
  prefix##_from_string (const char *name,                                     \
                        Type       *out_value)                                \
  {                                                                           \
    int value;                                                                \
                                                                              \
    if (!kv_enum_strings_lookup (names, G_N_ELEMENTS (names), name, &value))  \
      return FALSE;                                                           \
    if (out_value != NULL)                                                    \
      *out_value = (Type) value;                                              \
    return TRUE;                                                              \
  }

G_END_DECLS
