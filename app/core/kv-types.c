/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-types"

#include "config.h"

#include "kv-types.h"
#include "kv-enum-strings-private.h"

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

static const char * const end_category_names[] = {
  "none", "finished-early", "child-upset", "adult-unwell", "technical-problem", "other",
  "safeguarding",
};
static const char * const pause_category_names[] = {
  "none", "child-needs-a-moment", "adult-needs-a-moment", "technical-problem", "other",
};

G_STATIC_ASSERT (G_N_ELEMENTS (end_category_names) == KV_END_CATEGORY_SAFEGUARDING + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (pause_category_names) == KV_PAUSE_CATEGORY_OTHER + 1);

KV_DEFINE_ENUM_STRINGS (KvRole, kv_role, role_names)
KV_DEFINE_ENUM_STRINGS (KvSessionState, kv_session_state, state_names)
KV_DEFINE_ENUM_STRINGS (KvOutcome, kv_outcome, outcome_names)
KV_DEFINE_ENUM_STRINGS (KvAgeBand, kv_age_band, age_band_names)
KV_DEFINE_ENUM_STRINGS (KvEndCategory, kv_end_category, end_category_names)
KV_DEFINE_ENUM_STRINGS (KvPauseCategory, kv_pause_category, pause_category_names)

KvSideFlags
kv_role_to_side (KvRole role)
{
  return role == KV_ROLE_PRISON ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY;
}
