/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-session.h"

#include "kv-clock.h"
#include "kv-core-enums.h"

/**
 * KvVisitSession:
 *
 * A visit's session on the server, as this kiosk knows it: what the server
 * last said of it (its state, who is present and confirmed by staff, the
 * time lost and the make-up time given back, who paused or muted it and
 * why, whether the prison side is supervised, how staff ended it). What
 * this kiosk tells the server is #KvVisitRequests': it changes nothing here
 * until the server's answer comes back through this object.
 *
 * The server's snapshots (`session`) replace the figures as a whole; a
 * `start`, `goodbye` or `end` changes only what it says. Owned by the
 * #KvVisit of the same booking.
 *
 * Properties (read-only, notified only on change): "peer-present",
 * "self-confirmed", "peer-confirmed", "makeup-seconds", "paused" (either
 * side), "paused-here", "pause-category", "muted" (either side),
 * "muted-here", "peer-supervised", "end-category".
 */

enum {
  PROP_0,
  PROP_ROLE,
  PROP_PEER_PRESENT,
  PROP_SELF_CONFIRMED,
  PROP_PEER_CONFIRMED,
  PROP_MAKEUP_SECONDS,
  PROP_PAUSED,
  PROP_PAUSED_HERE,
  PROP_PAUSE_CATEGORY,
  PROP_MUTED,
  PROP_MUTED_HERE,
  PROP_PEER_SUPERVISED,
  PROP_END_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvVisitSession
{
  GObject parent_instance;

  KvRole role;

  KvSessionState server_state;  /* SCHEDULED until the server says more */
  gint64 lost_us;
  gboolean peer_present;
  gboolean self_confirmed;
  gboolean peer_confirmed;
  guint makeup_seconds;
  gboolean paused;
  gboolean paused_here;
  KvPauseCategory pause_category;
  gboolean muted;
  gboolean muted_here;
  gboolean peer_supervised;
  KvEndCategory end_category;
};

G_DEFINE_FINAL_TYPE (KvVisitSession, kv_visit_session, G_TYPE_OBJECT)

static void
set_boolean (KvVisitSession *self,
             gboolean       *field,
             gboolean        value,
             guint           prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_enum (KvVisitSession *self,
          int            *field,
          int             value,
          guint           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
kv_visit_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvVisitSession *self = KV_VISIT_SESSION (object);

  switch (prop_id)
    {
    case PROP_ROLE: g_value_set_enum (value, self->role); break;
    case PROP_PEER_PRESENT: g_value_set_boolean (value, self->peer_present); break;
    case PROP_SELF_CONFIRMED: g_value_set_boolean (value, self->self_confirmed); break;
    case PROP_PEER_CONFIRMED: g_value_set_boolean (value, self->peer_confirmed); break;
    case PROP_MAKEUP_SECONDS: g_value_set_uint (value, self->makeup_seconds); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_PAUSED_HERE: g_value_set_boolean (value, self->paused_here); break;
    case PROP_PAUSE_CATEGORY: g_value_set_enum (value, self->pause_category); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    case PROP_MUTED_HERE: g_value_set_boolean (value, self->muted_here); break;
    case PROP_PEER_SUPERVISED: g_value_set_boolean (value, self->peer_supervised); break;
    case PROP_END_CATEGORY: g_value_set_enum (value, self->end_category); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KvVisitSession *self = KV_VISIT_SESSION (object);

  switch (prop_id)
    {
    case PROP_ROLE: self->role = g_value_get_enum (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_session_class_init (KvVisitSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_visit_session_get_property;
  object_class->set_property = kv_visit_session_set_property;

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY, construct);
  /**
   * KvVisitSession:peer-present:
   *
   * Whether the other kiosk is at the visit.
   */
  properties[PROP_PEER_PRESENT] =
    g_param_spec_boolean ("peer-present", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:self-confirmed:
   *
   * Whether staff on this side confirmed their person is here.
   */
  properties[PROP_SELF_CONFIRMED] =
    g_param_spec_boolean ("self-confirmed", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:peer-confirmed:
   *
   * Whether staff on the other side confirmed theirs.
   */
  properties[PROP_PEER_CONFIRMED] =
    g_param_spec_boolean ("peer-confirmed", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:makeup-seconds:
   *
   * Lost time the server gave back, in seconds.
   */
  properties[PROP_MAKEUP_SECONDS] =
    g_param_spec_uint ("makeup-seconds", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * KvVisitSession:paused:
   *
   * Whether staff on either side paused the visit.
   */
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:paused-here:
   *
   * Whether this side's staff paused it.
   */
  properties[PROP_PAUSED_HERE] = g_param_spec_boolean ("paused-here", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:pause-category:
   *
   * Why the visit is paused (the server's choice when both sides paused);
   * %KV_PAUSE_CATEGORY_NONE when it is not.
   */
  properties[PROP_PAUSE_CATEGORY] =
    g_param_spec_enum ("pause-category", NULL, NULL, KV_TYPE_PAUSE_CATEGORY,
                       KV_PAUSE_CATEGORY_NONE, ro);
  /**
   * KvVisitSession:muted:
   *
   * Whether staff on either side muted the sound.
   */
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:muted-here:
   *
   * Whether this side's staff muted it.
   */
  properties[PROP_MUTED_HERE] = g_param_spec_boolean ("muted-here", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:peer-supervised:
   *
   * On the community kiosk: whether the prison side said its room is
   * supervised. Always %FALSE on the prison kiosk.
   */
  properties[PROP_PEER_SUPERVISED] =
    g_param_spec_boolean ("peer-supervised", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:end-category:
   *
   * Why staff ended the visit (a goodbye now or a safeguarding stop);
   * %KV_END_CATEGORY_NONE until they do.
   */
  properties[PROP_END_CATEGORY] =
    g_param_spec_enum ("end-category", NULL, NULL, KV_TYPE_END_CATEGORY,
                       KV_END_CATEGORY_NONE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_visit_session_init (KvVisitSession *self)
{
  self->server_state = KV_SESSION_STATE_SCHEDULED;
}

/**
 * kv_visit_session_new:
 * @role: this kiosk's side
 *
 * Returns: (transfer full): the session, SCHEDULED until the server says more
 */
KvVisitSession *
kv_visit_session_new (KvRole role)
{
  return g_object_new (KV_TYPE_VISIT_SESSION, "role", role, NULL);
}

/**
 * kv_visit_session_take_snapshot:
 * @self: a #KvVisitSession
 * @snapshot: the server's `session` of this booking
 *
 * Returns: whether the other kiosk has just arrived (absent before, present
 *   now)
 */
gboolean
kv_visit_session_take_snapshot (KvVisitSession      *self,
                                const KvSessionInfo *snapshot)
{
  KvSideFlags own = kv_role_to_side (self->role);
  KvSideFlags peer = KV_SIDE_BOTH & ~own;
  gboolean arrived;
  guint makeup;

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  self->server_state = snapshot->state;
  self->lost_us = snapshot->lost_us;
  arrived = !self->peer_present && (snapshot->present & peer) != 0;
  makeup = (guint) CLAMP (snapshot->makeup_us / KV_USEC_PER_SECOND, 0, G_MAXUINT);

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->peer_present, (snapshot->present & peer) != 0, PROP_PEER_PRESENT);
  set_boolean (self, &self->self_confirmed, (snapshot->confirmed & own) != 0,
               PROP_SELF_CONFIRMED);
  set_boolean (self, &self->peer_confirmed, (snapshot->confirmed & peer) != 0,
               PROP_PEER_CONFIRMED);
  if (self->makeup_seconds != makeup)
    {
      self->makeup_seconds = makeup;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAKEUP_SECONDS]);
    }
  set_boolean (self, &self->paused, (snapshot->paused & KV_SIDE_BOTH) != 0, PROP_PAUSED);
  set_boolean (self, &self->paused_here, (snapshot->paused & own) != 0, PROP_PAUSED_HERE);
  set_enum (self, (int *) &self->pause_category,
            (snapshot->paused & KV_SIDE_BOTH) != 0 ? snapshot->pause_category
                                                   : KV_PAUSE_CATEGORY_NONE,
            PROP_PAUSE_CATEGORY);
  set_boolean (self, &self->muted, (snapshot->muted & KV_SIDE_BOTH) != 0, PROP_MUTED);
  set_boolean (self, &self->muted_here, (snapshot->muted & own) != 0, PROP_MUTED_HERE);
  set_boolean (self, &self->peer_supervised,
               self->role == KV_ROLE_COMMUNITY && snapshot->supervised, PROP_PEER_SUPERVISED);
  if (snapshot->end_category != KV_END_CATEGORY_NONE)
    set_enum (self, (int *) &self->end_category, snapshot->end_category, PROP_END_CATEGORY);
  g_object_thaw_notify (G_OBJECT (self));

  return arrived;
}

/* From a `start` (LIVE) or a `goodbye` (GOODBYE). The goodbye lifts every
 * pause on the server, so that nobody misses it: so here. */
void
kv_visit_session_set_server_state (KvVisitSession *self,
                                   KvSessionState  state)
{
  g_return_if_fail (KV_IS_VISIT_SESSION (self));
  self->server_state = state;
  if (state != KV_SESSION_STATE_GOODBYE)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->paused, FALSE, PROP_PAUSED);
  set_boolean (self, &self->paused_here, FALSE, PROP_PAUSED_HERE);
  set_enum (self, (int *) &self->pause_category, KV_PAUSE_CATEGORY_NONE, PROP_PAUSE_CATEGORY);
  g_object_thaw_notify (G_OBJECT (self));
}

/* From a `goodbye` or an `end` that staff started: why. */
void
kv_visit_session_set_end_category (KvVisitSession *self,
                                   KvEndCategory   category)
{
  g_return_if_fail (KV_IS_VISIT_SESSION (self));
  if (category != KV_END_CATEGORY_NONE)
    set_enum (self, (int *) &self->end_category, category, PROP_END_CATEGORY);
}

/* From an `end`: the lost time the server recorded. */
void
kv_visit_session_set_lost_us (KvVisitSession *self,
                              gint64          lost_us)
{
  g_return_if_fail (KV_IS_VISIT_SESSION (self));
  self->lost_us = lost_us;
}

KvSessionState
kv_visit_session_get_server_state (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), KV_SESSION_STATE_SCHEDULED);
  return self->server_state;
}

gint64
kv_visit_session_get_lost_us (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), 0);
  return self->lost_us;
}

gboolean
kv_visit_session_get_peer_present (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->peer_present;
}

gboolean
kv_visit_session_get_self_confirmed (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->self_confirmed;
}

gboolean
kv_visit_session_get_peer_confirmed (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->peer_confirmed;
}

guint
kv_visit_session_get_makeup_seconds (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), 0);
  return self->makeup_seconds;
}

gboolean
kv_visit_session_get_paused (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->paused;
}

gboolean
kv_visit_session_get_paused_here (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->paused_here;
}

KvPauseCategory
kv_visit_session_get_pause_category (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), KV_PAUSE_CATEGORY_NONE);
  return self->pause_category;
}

gboolean
kv_visit_session_get_muted (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->muted;
}

gboolean
kv_visit_session_get_muted_here (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->muted_here;
}

gboolean
kv_visit_session_get_peer_supervised (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->peer_supervised;
}

KvEndCategory
kv_visit_session_get_end_category (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), KV_END_CATEGORY_NONE);
  return self->end_category;
}
