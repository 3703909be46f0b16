/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-labels.h"

#include "kv-core-enums.h"

/**
 * KvVisitLabels:
 *
 * Who the kiosk's screens name, and when the next visit is: this kiosk's
 * own name for staff (the configured label wins; else the one the server
 * knows it by, from its `welcome`), and the two sides' labels and the
 * child's age band of a visit: the visit the kiosk is in (or has just had)
 * while it is on screen, the next booking between visits.
 *
 * Its owner says which: kv_visit_labels_show_visit() when a visit is
 * joined, kv_visit_labels_update_next() whenever the schedule or the phase
 * may have changed, with whether the kiosk is between visits.
 *
 * Properties (read-only, notified only on change): "kiosk-label",
 * "peer-label" ("Dad" on the community side, the child's label on the
 * prison side), "self-label", "age-band", "next-visit-start" and
 * "next-visit-end" (µs, server time, 0 = none). The visit controller shows
 * them under the same names.
 */

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_SIGNALLER,
  PROP_SCHEDULE,
  PROP_KIOSK_LABEL,
  PROP_PEER_LABEL,
  PROP_SELF_LABEL,
  PROP_AGE_BAND,
  PROP_NEXT_VISIT_START,
  PROP_NEXT_VISIT_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvVisitLabels
{
  GObject parent_instance;

  KvKioskConfig *config;
  KvSignaller *signaller;
  KvKioskSchedule *schedule;

  char *kiosk_label;
  char *peer_label;
  char *self_label;
  KvAgeBand age_band;
  gint64 next_visit_start;
  gint64 next_visit_end;
};

G_DEFINE_FINAL_TYPE (KvVisitLabels, kv_visit_labels, G_TYPE_OBJECT)

static void
set_string (KvVisitLabels  *self,
            char          **field,
            const char     *value,
            guint           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (KvVisitLabels *self,
           gint64        *field,
           gint64         value,
           guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_labels_from_booking (KvVisitLabels   *self,
                         const KvBooking *booking)
{
  KvRole role = kv_kiosk_config_get_role (self->config);
  KvRole peer_role = role == KV_ROLE_PRISON ? KV_ROLE_COMMUNITY : KV_ROLE_PRISON;
  KvAgeBand age_band = booking != NULL ? booking->age_band : KV_AGE_BAND_UNSPECIFIED;

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->peer_label,
              booking != NULL ? kv_booking_get_label (booking, peer_role) : NULL,
              PROP_PEER_LABEL);
  set_string (self, &self->self_label, booking != NULL ? kv_booking_get_label (booking, role) : NULL,
              PROP_SELF_LABEL);
  if (self->age_band != age_band)
    {
      self->age_band = age_band;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGE_BAND]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* The kiosk's own name, for staff: the configured label wins; else the
 * one the server knows. */
static void
on_signed_in (KvSignaller *signaller,
              KvMessage   *welcome,
              gpointer     user_data)
{
  KvVisitLabels *self = user_data;
  const char *label = kv_kiosk_config_get_label (self->config);

  if (label == NULL || *label == '\0')
    set_string (self, &self->kiosk_label,
                welcome->welcome.kiosk_label != NULL ? welcome->welcome.kiosk_label
                                                     : welcome->welcome.kiosk_id,
                PROP_KIOSK_LABEL);
}

static void
kv_visit_labels_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KvVisitLabels *self = KV_VISIT_LABELS (object);

  switch (prop_id)
    {
    case PROP_CONFIG: g_value_set_object (value, self->config); break;
    case PROP_SIGNALLER: g_value_set_object (value, self->signaller); break;
    case PROP_SCHEDULE: g_value_set_object (value, self->schedule); break;
    case PROP_KIOSK_LABEL: g_value_set_string (value, self->kiosk_label); break;
    case PROP_PEER_LABEL: g_value_set_string (value, self->peer_label); break;
    case PROP_SELF_LABEL: g_value_set_string (value, self->self_label); break;
    case PROP_AGE_BAND: g_value_set_enum (value, self->age_band); break;
    case PROP_NEXT_VISIT_START: g_value_set_int64 (value, self->next_visit_start); break;
    case PROP_NEXT_VISIT_END: g_value_set_int64 (value, self->next_visit_end); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_labels_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KvVisitLabels *self = KV_VISIT_LABELS (object);

  switch (prop_id)
    {
    case PROP_CONFIG: self->config = g_value_dup_object (value); break;
    case PROP_SIGNALLER: self->signaller = g_value_dup_object (value); break;
    case PROP_SCHEDULE: self->schedule = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_labels_constructed (GObject *object)
{
  KvVisitLabels *self = KV_VISIT_LABELS (object);
  const char *label;

  G_OBJECT_CLASS (kv_visit_labels_parent_class)->constructed (object);

  g_assert (KV_IS_KIOSK_CONFIG (self->config));
  g_assert (KV_IS_SIGNALLER (self->signaller));
  g_assert (KV_IS_KIOSK_SCHEDULE (self->schedule));

  label = kv_kiosk_config_get_label (self->config);
  self->kiosk_label = g_strdup (label != NULL && *label != '\0' ? label : NULL);
  g_signal_connect_object (self->signaller, "signed-in", G_CALLBACK (on_signed_in), self, 0);
}

static void
kv_visit_labels_dispose (GObject *object)
{
  KvVisitLabels *self = KV_VISIT_LABELS (object);

  if (self->signaller != NULL)
    kv_visit_labels_stop (self);
  g_clear_object (&self->schedule);
  g_clear_object (&self->signaller);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_visit_labels_parent_class)->dispose (object);
}

static void
kv_visit_labels_finalize (GObject *object)
{
  KvVisitLabels *self = KV_VISIT_LABELS (object);

  g_free (self->kiosk_label);
  g_free (self->peer_label);
  g_free (self->self_label);

  G_OBJECT_CLASS (kv_visit_labels_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define CONSTRUCT (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static void
kv_visit_labels_class_init (KvVisitLabelsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_visit_labels_get_property;
  object_class->set_property = kv_visit_labels_set_property;
  object_class->constructed = kv_visit_labels_constructed;
  object_class->dispose = kv_visit_labels_dispose;
  object_class->finalize = kv_visit_labels_finalize;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_KIOSK_CONFIG, CONSTRUCT);
  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER, CONSTRUCT);
  properties[PROP_SCHEDULE] =
    g_param_spec_object ("schedule", NULL, NULL, KV_TYPE_KIOSK_SCHEDULE, CONSTRUCT);
  properties[PROP_KIOSK_LABEL] = g_param_spec_string ("kiosk-label", NULL, NULL, NULL, RO);
  properties[PROP_PEER_LABEL] = g_param_spec_string ("peer-label", NULL, NULL, NULL, RO);
  properties[PROP_SELF_LABEL] = g_param_spec_string ("self-label", NULL, NULL, NULL, RO);
  properties[PROP_AGE_BAND] = g_param_spec_enum ("age-band", NULL, NULL, KV_TYPE_AGE_BAND,
                                                 KV_AGE_BAND_UNSPECIFIED, RO);
  properties[PROP_NEXT_VISIT_START] =
    g_param_spec_int64 ("next-visit-start", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_NEXT_VISIT_END] =
    g_param_spec_int64 ("next-visit-end", NULL, NULL, 0, G_MAXINT64, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_visit_labels_init (KvVisitLabels *self)
{
  self->age_band = KV_AGE_BAND_UNSPECIFIED;
}

/**
 * kv_visit_labels_new:
 * @config: the kiosk's configuration (its role and label)
 * @signaller: the link to the server (its `welcome` names the kiosk)
 * @schedule: the kiosk's bookings
 *
 * Returns: (transfer full): the labels, with this kiosk's configured name
 */
KvVisitLabels *
kv_visit_labels_new (KvKioskConfig   *config,
                     KvSignaller     *signaller,
                     KvKioskSchedule *schedule)
{
  g_return_val_if_fail (KV_IS_KIOSK_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (KV_IS_KIOSK_SCHEDULE (schedule), NULL);

  return g_object_new (KV_TYPE_VISIT_LABELS,
                       "config", config,
                       "signaller", signaller,
                       "schedule", schedule,
                       NULL);
}

/**
 * kv_visit_labels_show_visit:
 * @self: a #KvVisitLabels
 * @booking_id: the booking of the visit just joined
 *
 * Names the two sides of that visit, until the kiosk is between visits
 * again.
 */
void
kv_visit_labels_show_visit (KvVisitLabels *self,
                            const char    *booking_id)
{
  g_return_if_fail (KV_IS_VISIT_LABELS (self));

  set_labels_from_booking (self, kv_kiosk_schedule_find (self->schedule, booking_id));
}

/**
 * kv_visit_labels_update_next:
 * @self: a #KvVisitLabels
 * @between_visits: no visit is on, nor just over (its AFTER or STOPPED
 *   screen)
 *
 * Follows the schedule's next visit; between visits the labels say who
 * comes next.
 */
void
kv_visit_labels_update_next (KvVisitLabels *self,
                             gboolean       between_visits)
{
  const KvBooking *next;

  g_return_if_fail (KV_IS_VISIT_LABELS (self));

  next = kv_kiosk_schedule_get_next (self->schedule);
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->next_visit_start, next != NULL ? next->start_us : 0,
             PROP_NEXT_VISIT_START);
  set_int64 (self, &self->next_visit_end, next != NULL ? next->end_us : 0, PROP_NEXT_VISIT_END);
  if (between_visits)
    set_labels_from_booking (self, next);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * kv_visit_labels_stop:
 * @self: a #KvVisitLabels
 *
 * Stops following the server's `welcome`; the labels stay as they are.
 */
void
kv_visit_labels_stop (KvVisitLabels *self)
{
  g_return_if_fail (KV_IS_VISIT_LABELS (self));

  g_signal_handlers_disconnect_by_data (self->signaller, self);
}
