/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-types"

#include "config.h"

#include "kv-types.h"

static const char * const role_names[] = { "community", "prison" };
static const char * const state_names[] = {
  "scheduled", "joinable", "ready", "live", "goodbye", "ended",
};
static const char * const outcome_names[] = {
  "none", "completed", "ended-by-staff", "no-show", "technical-failure", "cancelled",
};
static const char * const age_band_names[] = {
  "unspecified", "0-3", "4-7", "8-12", "13-17",
};

static gboolean
lookup (const char * const *names,
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

#define DEFINE_ENUM_STRINGS(Type, prefix, names)                              \
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
    if (!lookup (names, G_N_ELEMENTS (names), name, &value))                  \
      return FALSE;                                                           \
    if (out_value != NULL)                                                    \
      *out_value = (Type) value;                                              \
    return TRUE;                                                              \
  }

DEFINE_ENUM_STRINGS (KvRole, kv_role, role_names)
DEFINE_ENUM_STRINGS (KvSessionState, kv_session_state, state_names)
DEFINE_ENUM_STRINGS (KvOutcome, kv_outcome, outcome_names)
DEFINE_ENUM_STRINGS (KvAgeBand, kv_age_band, age_band_names)

KvSideFlags
kv_role_to_side (KvRole role)
{
  return role == KV_ROLE_PRISON ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY;
}
