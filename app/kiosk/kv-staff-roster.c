/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-staff-roster.h"

#include <errno.h>
#include <glib/gstdio.h>

/**
 * KvStaffRoster:
 *
 * The last `staff_roster` the server sent: who may open the staff panel
 * with a personal PIN (id, name, Argon2id hash) and the site's time zone.
 *
 * It is kept on disk, readable by the kiosk's user only (the hashes are
 * slow to guess but not secret-free), written atomically, and read back
 * at start, so the staff panel opens with personal PINs while the server
 * cannot be reached. The file holds the message as the server sent it, so
 * it is checked by the protocol's own parser: a damaged or tampered file is
 * ignored with a warning (the site PIN still works) and replaced by the
 * next roster. Rosters are replaced whole, never merged.
 */

enum {
  PROP_0,
  PROP_SIGNALLER,
  PROP_PATH,
  PROP_TIME_ZONE,
  PROP_N_STAFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvStaffRoster
{
  GObject      parent_instance;

  KvSignaller *signaller;
  char        *path;

  char        *time_zone;
  GPtrArray   *staff;      /* KvRosterEntry */
};

G_DEFINE_FINAL_TYPE (KvStaffRoster, kv_staff_roster, G_TYPE_OBJECT)

/* Takes @roster without telling anyone: for loading and taking. */
static void
replace (KvStaffRoster  *self,
         const KvRoster *roster)
{
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_roster_entry_free);
  gboolean zone_changed = g_strcmp0 (self->time_zone, roster->time_zone) != 0;
  guint n_before = self->staff->len;

  for (guint i = 0; roster->staff != NULL && i < roster->staff->len; i++)
    g_ptr_array_add (staff, kv_roster_entry_copy (g_ptr_array_index (roster->staff, i)));
  g_ptr_array_unref (self->staff);
  self->staff = g_steal_pointer (&staff);
  g_free (self->time_zone);
  self->time_zone = g_strdup (roster->time_zone);

  g_object_freeze_notify (G_OBJECT (self));
  if (zone_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
  if (n_before != self->staff->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STAFF]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
load (KvStaffRoster *self)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) message = NULL;
  gsize length;

  if (self->path == NULL)
    return;
  if (!g_file_get_contents (self->path, &contents, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("No staff roster kept yet at %s", self->path);
      else
        g_warning ("The kept staff roster %s cannot be read: %s", self->path, error->message);
      return;
    }

  message = kv_message_parse (contents, length, &error);
  if (message == NULL || message->type != KV_MESSAGE_STAFF_ROSTER)
    {
      /* The parser names the field, never its value (hashes, names). */
      g_warning ("Ignored the kept staff roster %s: %s", self->path,
                 error != NULL ? error->message : "not a staff roster");
      return;
    }

  replace (self, &message->staff_roster);
  g_debug ("Loaded a staff roster of %u from %s", self->staff->len, self->path);
}

static void
save (KvStaffRoster  *self,
      const KvRoster *roster)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_STAFF_ROSTER);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (self->path == NULL)
    return;

  message->staff_roster.time_zone = g_strdup (roster->time_zone);
  for (guint i = 0; roster->staff != NULL && i < roster->staff->len; i++)
    g_ptr_array_add (message->staff_roster.staff,
                     kv_roster_entry_copy (g_ptr_array_index (roster->staff, i)));
  text = kv_message_serialize (message, &length);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Cannot make %s for the staff roster: %s", dir, g_strerror (errno));
      return;
    }
  /* Written to a new file and renamed over the old one: a power cut leaves
   * the old roster or the new, never half of one. */
  if (!g_file_set_contents_full (self->path, text, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Cannot keep the staff roster: %s", error->message);
}

static void
on_message_received (KvSignaller *signaller,
                     KvMessage   *message,
                     gpointer     user_data)
{
  if (message->type == KV_MESSAGE_STAFF_ROSTER)
    kv_staff_roster_take (KV_STAFF_ROSTER (user_data), &message->staff_roster);
}

static void
kv_staff_roster_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KvStaffRoster *self = KV_STAFF_ROSTER (object);

  switch (prop_id)
    {
    case PROP_SIGNALLER:
      g_value_set_object (value, self->signaller);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_TIME_ZONE:
      g_value_set_string (value, self->time_zone);
      break;
    case PROP_N_STAFF:
      g_value_set_uint (value, self->staff->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_roster_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KvStaffRoster *self = KV_STAFF_ROSTER (object);

  switch (prop_id)
    {
    case PROP_SIGNALLER:
      self->signaller = g_value_dup_object (value);
      break;
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_roster_constructed (GObject *object)
{
  KvStaffRoster *self = KV_STAFF_ROSTER (object);

  G_OBJECT_CLASS (kv_staff_roster_parent_class)->constructed (object);

  load (self);
  if (self->signaller != NULL)
    g_signal_connect_object (self->signaller, "message-received",
                             G_CALLBACK (on_message_received), self, 0);
}

static void
kv_staff_roster_dispose (GObject *object)
{
  KvStaffRoster *self = KV_STAFF_ROSTER (object);

  g_clear_object (&self->signaller);

  G_OBJECT_CLASS (kv_staff_roster_parent_class)->dispose (object);
}

static void
kv_staff_roster_finalize (GObject *object)
{
  KvStaffRoster *self = KV_STAFF_ROSTER (object);

  g_free (self->path);
  g_free (self->time_zone);
  g_ptr_array_unref (self->staff);

  G_OBJECT_CLASS (kv_staff_roster_parent_class)->finalize (object);
}

static void
kv_staff_roster_class_init (KvStaffRosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_staff_roster_get_property;
  object_class->set_property = kv_staff_roster_set_property;
  object_class->constructed = kv_staff_roster_constructed;
  object_class->dispose = kv_staff_roster_dispose;
  object_class->finalize = kv_staff_roster_finalize;

  /**
   * KvStaffRoster:signaller:
   *
   * The link to the server the rosters come on, or %NULL (tests).
   */
  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffRoster:path:
   *
   * The file the roster is kept in, or %NULL to keep it in memory only.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffRoster:time-zone:
   *
   * The site's IANA time zone as the server said, or %NULL.
   */
  properties[PROP_TIME_ZONE] =
    g_param_spec_string ("time-zone", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffRoster:n-staff:
   *
   * How many people are on the roster.
   */
  properties[PROP_N_STAFF] =
    g_param_spec_uint ("n-staff", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvStaffRoster::changed:
   *
   * A new roster replaced the last one.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_staff_roster_init (KvStaffRoster *self)
{
  self->staff = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_roster_entry_free);
}

/**
 * kv_staff_roster_new:
 * @signaller: (nullable): where rosters come from
 * @path: (nullable): where the roster is kept (0600); loaded now if there
 *
 * Returns: (transfer full): a roster, with what was kept at @path
 */
KvStaffRoster *
kv_staff_roster_new (KvSignaller *signaller,
                     const char  *path)
{
  g_return_val_if_fail (signaller == NULL || KV_IS_SIGNALLER (signaller), NULL);

  return g_object_new (KV_TYPE_STAFF_ROSTER, "signaller", signaller, "path", path, NULL);
}

/**
 * kv_staff_roster_take:
 * @self: a #KvStaffRoster
 * @roster: a roster from the server, checked by the protocol's parser
 *
 * Replaces the roster with @roster and keeps it on disk.
 *
 * Returns: %TRUE
 */
gboolean
kv_staff_roster_take (KvStaffRoster  *self,
                      const KvRoster *roster)
{
  g_return_val_if_fail (KV_IS_STAFF_ROSTER (self), FALSE);
  g_return_val_if_fail (roster != NULL, FALSE);

  replace (self, roster);
  save (self, roster);
  g_debug ("Staff roster of %u taken", self->staff->len);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

const char *
kv_staff_roster_get_time_zone (KvStaffRoster *self)
{
  g_return_val_if_fail (KV_IS_STAFF_ROSTER (self), NULL);

  return self->time_zone;
}

guint
kv_staff_roster_get_n_staff (KvStaffRoster *self)
{
  g_return_val_if_fail (KV_IS_STAFF_ROSTER (self), 0);

  return self->staff->len;
}

/**
 * kv_staff_roster_dup_staff:
 * @self: a #KvStaffRoster
 *
 * A copy, for a worker thread to check PINs against while the roster may
 * change.
 *
 * Returns: (transfer full) (element-type KvRosterEntry): the people on it
 */
GPtrArray *
kv_staff_roster_dup_staff (KvStaffRoster *self)
{
  GPtrArray *staff;

  g_return_val_if_fail (KV_IS_STAFF_ROSTER (self), NULL);

  staff = g_ptr_array_new_full (self->staff->len, (GDestroyNotify) kv_roster_entry_free);
  for (guint i = 0; i < self->staff->len; i++)
    g_ptr_array_add (staff, kv_roster_entry_copy (g_ptr_array_index (self->staff, i)));
  return staff;
}

/**
 * kv_staff_roster_lookup_name:
 *
 * Returns: (nullable): the name of @staff_id, if on the roster
 */
const char *
kv_staff_roster_lookup_name (KvStaffRoster *self,
                             const char    *staff_id)
{
  g_return_val_if_fail (KV_IS_STAFF_ROSTER (self), NULL);

  for (guint i = 0; staff_id != NULL && i < self->staff->len; i++)
    {
      KvRosterEntry *entry = g_ptr_array_index (self->staff, i);

      if (g_str_equal (entry->id, staff_id))
        return entry->name;
    }
  return NULL;
}
